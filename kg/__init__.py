"""kg: publish encyclopaedic articles as a linked-data knowledge graph."""
