import { runStorageConformance } from "../conformance/index.js";
import { createMemoryStorage } from "./memory-storage.js";

runStorageConformance("memory", async () => createMemoryStorage());
