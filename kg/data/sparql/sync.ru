# Staging graphs onto their targets, writing only the difference: what a target holds that its
# staging graph lacks is deleted, what its staging graph holds that it lacks is added. One update,
# so one transaction where the store makes it one (Oxigraph); replacing a graph by the same content
# writes nothing. $moves is filled in by kg.store.guard with (staging target) pairs of checked IRIs.
# MINUS with the pairs inside it, rather than FILTER NOT EXISTS, lets Oxigraph compare the two
# sides as sets: at 1.8M quads it took 16 s where FILTER NOT EXISTS took 28-31 s.
DELETE { GRAPH ?target { ?s ?p ?o } }
WHERE {
  VALUES (?staging ?target) { $moves }
  GRAPH ?target { ?s ?p ?o }
  MINUS { VALUES (?staging ?target) { $moves } GRAPH ?staging { ?s ?p ?o } }
} ;
INSERT { GRAPH ?target { ?s ?p ?o } }
WHERE {
  VALUES (?staging ?target) { $moves }
  GRAPH ?staging { ?s ?p ?o }
  MINUS { VALUES (?staging ?target) { $moves } GRAPH ?target { ?s ?p ?o } }
}
