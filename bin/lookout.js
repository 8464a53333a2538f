#!/usr/bin/env node
// The package's command. Runs the compiled JavaScript (npm install builds it).
import '../build/cli.js';
