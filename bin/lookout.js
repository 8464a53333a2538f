#!/usr/bin/env -S node --max-semi-space-size=2
// The package's command. Runs the compiled JavaScript (npm install builds it).
// --max-semi-space-size=2: V8's young generation defaults to 16 MB semi-spaces, which a
// monitor's steady churn of short-lived check objects fills; 2 MB costs no measurable CPU and
// saves about 30 MB of RSS at 100 checks/s (measured: 130 -> 99 MB).
import '../build/cli.js';
