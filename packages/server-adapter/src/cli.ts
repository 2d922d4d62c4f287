#!/usr/bin/env node
// `bookwell` command line entry. Owned by the app engineer.

process.stdout.write("bookwell: the serve command is not built yet\n");
