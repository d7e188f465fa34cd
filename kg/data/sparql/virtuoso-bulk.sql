-- Virtuoso's bulk loader on one folder of N-Quads files, run through isql by kg.store.bulk.
-- $folder is the folder as the server sees it and $fallback the graph of a line without one, both
-- written as SQL string literals by kg.store.bulk. Errors come back as lines marked KG-ERROR.
ld_dir($folder, '*.nq', $fallback);
rdf_loader_run();
SELECT 'KG-ERROR', ll_file, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE $pattern AND ll_error IS NOT NULL;
SELECT 'KG-LOADED', COUNT(*) FROM DB.DBA.load_list WHERE ll_file LIKE $pattern AND ll_state = 2 AND ll_error IS NULL;
DELETE FROM DB.DBA.load_list WHERE ll_file LIKE $pattern;
