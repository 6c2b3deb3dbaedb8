"""Golden checks of the shipped graph: every seed entry present, linked and sourced."""

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

TERM = Namespace("https://w3id.org/dlkg/id/term/")
PAPER = Namespace("https://w3id.org/dlkg/id/paper/")
PERSON = Namespace("https://w3id.org/dlkg/id/person/")
DATASET = Namespace("https://w3id.org/dlkg/id/dataset/")
EDITION = Namespace("https://w3id.org/dlkg/id/edition/")
ORG = Namespace("https://w3id.org/dlkg/id/organization/")
RESULT = Namespace("https://w3id.org/dlkg/id/result/")
DLKG = Namespace("https://w3id.org/dlkg/ontology#")
MLS = Namespace("http://www.w3.org/ns/mls#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
GLOSSARY = URIRef("https://w3id.org/dlkg/id/source/glossary")

# Every entry of the seed glossary (six of them lost their headings in the copy).
SEED_ENTRIES = {
    TERM.alexnet: "AlexNet", TERM.attention: "attention",
    TERM["batch-normalization"]: "BN", DATASET["cifar-10"]: "CIFAR-10", TERM.cnn: "CNN",
    TERM.dqn: "DQN", TERM["discriminative-model"]: "discriminative model",
    TERM.dropout: "dropout", TERM.elu: "ELU", TERM["ftrl-proximal"]: "FTRL-Proximal",
    TERM.gan: "GAN", TERM["generative-model"]: "generative model",
    TERM["grid-lstm"]: "Grid LSTM", DATASET["iam-handwriting"]: "IAM",
    URIRef("https://w3id.org/dlkg/id/competition/ilsvrc"): "ILSVRC",
    DATASET.imagenet: "ImageNet", TERM["leaky-relu"]: "Leaky ReLU", TERM.lstm: "LSTM",
    DATASET.mnist: "MNIST", TERM.momentum: "momentum", TERM.nram: "NRAM", TERM.ntm: "NTM",
    TERM.prelu: "PReLU", TERM.relu: "ReLU", TERM.resnet: "ResNet", TERM["r-cnn"]: "R-CNN",
    TERM.sgd: "SGD", DATASET.timit: "TIMIT", TERM.vae: "VAE", TERM.vgg: "VGG",
}
NAMED_THINGS = [DATASET["cifar-100"], TERM.zfnet, TERM.googlenet, TERM["inception-v3"],
                TERM.draw, TERM["recurrent-attention-model"],
                TERM["deep-recurrent-attention-model"], TERM["adversarial-autoencoder"],
                TERM.darn, TERM.rnn, TERM.sigmoid, TERM.tanh, TERM.gpu, DATASET.wordnet,
                ORG["microsoft-research"], ORG.google, ORG.deepmind]


def names_of(graph, node):
    return {str(o) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, FOAF.name)
            for o in graph.objects(node, p)}


@pytest.mark.parametrize("node", sorted(SEED_ENTRIES), ids=lambda n: n.rsplit("/", 1)[-1])
def test_every_seed_entry_is_present_named_and_quoted(graph, node):
    assert SEED_ENTRIES[node] in names_of(graph, node)
    notes = list(graph.objects(node, SKOS.note))
    assert len(notes) == 1, "the glossary's own words are kept as a note"
    assert (notes[0], PROV.wasQuotedFrom, GLOSSARY) in graph
    assert str(graph.value(notes[0], RDF.value)).strip()


@pytest.mark.parametrize("node", NAMED_THINGS, ids=lambda n: n.rsplit("/", 1)[-1])
def test_things_the_entries_name_are_present(graph, node):
    assert names_of(graph, node)
    assert graph.value(node, RDF.type) is not None


def test_the_six_entries_whose_headings_were_lost_keep_their_text(graph):
    starts = {TERM.alexnet: "Winner of ILSVRC 2012", TERM.attention: "Not well defined",
              TERM.dropout: "Introduced in AlexNet?", TERM["grid-lstm"]: "(Kalchbrenner",
              TERM.momentum: "Momentum is an often used", TERM.resnet: "A Microsoft Research"}
    for node, start in starts.items():
        note = graph.value(node, SKOS.note)
        assert str(graph.value(note, RDF.value)).startswith(start)


@pytest.mark.parametrize("subject, predicate, obj", [
    (TERM.relu, SKOS.broader, TERM["activation-function"]),
    (TERM.gan, SKOS.broader, TERM["generative-model"]),
    (TERM.vae, SKOS.broader, TERM["generative-model"]),
    (TERM["leaky-relu"], DLKG.variantOf, TERM.relu),
    (TERM.prelu, DLKG.variantOf, TERM.relu),
    (TERM.elu, DLKG.variantOf, TERM.relu),
    (TERM.alexnet, DLKG.uses, TERM.dropout),
    (TERM.alexnet, DLKG.uses, TERM.relu),
    (TERM.alexnet, DLKG.uses, TERM.gpu),
    (TERM["discriminative-model"], DLKG.contrastsWith, TERM["generative-model"]),
    (TERM.resnet, DLKG.introducedIn, PAPER.he2016deep),
    (TERM.resnet, DLKG.developedBy, ORG["microsoft-research"]),
    (TERM.alexnet, DLKG.evaluatedOn, DATASET.imagenet),
    (DATASET.imagenet, DLKG.basedOn, DATASET.wordnet),
    (TERM.lstm, SKOS.broader, TERM.rnn),
])
def test_typed_links(graph, subject, predicate, obj):
    assert (subject, predicate, obj) in graph


def test_formulas_as_the_glossary_gives_them(graph):
    assert str(graph.value(TERM.relu, DLKG.formula)) == "relu(x) = max(x, 0)"
    assert "0.01 * x" in str(graph.value(TERM["leaky-relu"], DLKG.formula))
    assert "exp(x) - 1" in str(graph.value(TERM.elu, DLKG.formula))


@pytest.mark.parametrize("paper, title, authors, year, arxiv", [
    ("he2016deep", "Deep Residual Learning for Image Recognition",
     ["kaiming-he", "xiangyu-zhang", "shaoqing-ren", "jian-sun"], 2016, "1512.03385"),
    ("kurach2016neural", "Neural Random-Access Machines",
     ["karol-kurach", "marcin-andrychowicz", "ilya-sutskever"], 2016, "1511.06392"),
    ("clevert2016fast", None, ["djork-arne-clevert", "thomas-unterthiner", "sepp-hochreiter"],
     2016, "1511.07289"),
    ("krizhevsky2012imagenet", "ImageNet Classification with Deep Convolutional Neural Networks",
     ["alex-krizhevsky", "ilya-sutskever", "geoffrey-hinton"], 2012, None),
    ("hochreiter1997long", "Long Short-Term Memory", ["sepp-hochreiter", "jurgen-schmidhuber"],
     1997, None),
    ("mnih2013playing", "Playing Atari with Deep Reinforcement Learning",
     ["volodymyr-mnih", "koray-kavukcuoglu", "david-silver", "alex-graves",
      "ioannis-antonoglou", "daan-wierstra", "martin-riedmiller"], 2013, "1312.5602"),
])
def test_papers_with_authors_in_order(graph, paper, title, authors, year, arxiv):
    node = PAPER[paper]
    if title:
        assert str(graph.value(node, DCTERMS.title)) == title
    assert graph.value(node, DCTERMS.issued) == Literal(str(year), datatype=XSD.gYear)
    author_list = graph.value(node, BIBO.authorList)
    in_order = [graph.value(author_list, RDF[f"_{i}"]) for i in range(1, len(authors) + 2)]
    assert in_order == [PERSON[a] for a in authors] + [None]
    assert set(graph.objects(node, DCTERMS.creator)) == {PERSON[a] for a in authors}
    if arxiv:
        assert str(graph.value(node, DLKG.arxivId)) == arxiv
    assert list(graph.objects(node, PROV.wasDerivedFrom)), "every paper names its sources"


def test_every_paper_and_result_has_a_source(graph):
    for node in graph.subjects(RDF.type, URIRef("https://schema.org/ScholarlyArticle")):
        assert graph.value(node, PROV.wasDerivedFrom) is not None, node
    for node in graph.subjects(RDF.type, DLKG.Result):
        assert len(list(graph.objects(node, PROV.wasDerivedFrom))) == 1, node


def test_dataset_counts(graph):
    assert graph.value(DATASET["cifar-10"], DLKG.exampleCount).toPython() == 60000
    assert graph.value(DATASET["cifar-10"], DLKG.trainCount).toPython() == 50000
    assert graph.value(DATASET["cifar-100"], DLKG.classCount).toPython() == 100
    assert graph.value(DATASET.mnist, DLKG.testCount).toPython() == 10000


def test_ilsvrc_editions_2010_to_2017(graph):
    series = URIRef("https://w3id.org/dlkg/id/competition/ilsvrc")
    years = sorted(int(str(graph.value(e, DCTERMS.date)))
                   for e in graph.subjects(URIRef("https://schema.org/superEvent"), series))
    assert years == list(range(2010, 2018))


GLOSSARY_TABLE = [  # the glossary's ILSVRC table, as it states it
    ("2012", "alexnet", "17.0", 8), ("2013", "zfnet", "17.0", 8), ("2014", "vgg", "8.43", 19),
    ("2014", "googlenet", "7.89", 22), ("2015", "inception-v3", "5.6", None),
    ("2015", "resnet", "4.49", 152),
]


@pytest.mark.parametrize("year, model, value, layers", GLOSSARY_TABLE)
def test_glossary_table_rows_as_typed_sourced_figures(graph, year, model, value, layers):
    node = RESULT[f"ilsvrc-{year}-{model}-glossary"]
    assert graph.value(node, MLS.hasValue).toPython() == Literal(value, datatype=XSD.decimal).toPython()
    assert graph.value(node, DLKG.evaluatedModel) == TERM[model]
    assert graph.value(node, DLKG.edition) == EDITION[f"ilsvrc-{year}"]
    assert graph.value(node, MLS.specifiedBy) == URIRef(
        "https://w3id.org/dlkg/id/measure/top-5-error")
    assert graph.value(node, URIRef("http://qudt.org/schema/qudt/hasUnit")) == URIRef(
        "http://qudt.org/vocab/unit/PERCENT")
    assert graph.value(node, DLKG.dataSplit) is not None
    assert graph.value(node, PROV.wasDerivedFrom) == GLOSSARY
    assert graph.value(node, DLKG.claimOrigin) == DLKG.GlossaryClaim
    if layers:
        assert graph.value(node, DLKG.layerCount).toPython() == layers


def test_official_2012_winner_beside_the_glossary_claim(graph):
    official = RESULT["ilsvrc-2012-supervision-official"]
    assert graph.value(official, MLS.hasValue) == Literal("15.315", datatype=XSD.decimal)
    assert graph.value(official, DLKG.claimOrigin) == DLKG.OfficialResult
    assert graph.value(official, DLKG.rank).toPython() == 1
    assert "image-net.org" in str(graph.value(official, PROV.wasDerivedFrom))


@pytest.mark.parametrize("subject, predicate, obj", [
    (TERM.nram, DLKG.successorOf, TERM.ntm),
    (TERM.vae, DLKG.contrastsWith, TERM.gan),
])
def test_the_glossarys_opinions_are_its_claims_not_facts(graph, subject, predicate, obj):
    """Links that only the glossary makes are statements it makes, not asserted triples."""
    from rdflib import RDF

    assert (subject, predicate, obj) not in graph
    statements = set(graph.subjects(RDF.subject, subject)) & set(
        graph.subjects(RDF.object, obj)) & set(graph.subjects(RDF.predicate, predicate))
    assert len(statements) == 1
    statement = statements.pop()
    assert graph.value(statement, DLKG.claimOrigin) == DLKG.GlossaryClaim
    assert graph.value(statement, PROV.wasDerivedFrom) == GLOSSARY
