// StoryloomCorpus
