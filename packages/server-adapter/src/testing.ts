// @bookwell/server-adapter/testing: the storage conformance suite and a throwaway PostgreSQL.
export {};
