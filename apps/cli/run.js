// `npm run cli -- …`: runs the built command line in this process (no compiling per call), or says
// in one line how to build it. `npm ci` and `npm start` build it; `npx l2c …` runs the same file.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '../../dist/apps/cli/src/main.js');
if (existsSync(main)) {
  require(main);
} else {
  process.stderr.write('The command line is not built yet: run `npm run build` (npm ci and npm start build it too).\n');
  process.exitCode = 1;
}
