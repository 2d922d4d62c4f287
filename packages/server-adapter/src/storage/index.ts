// Storage barrel: the interface, errors and the in-memory adapter.
export {};
