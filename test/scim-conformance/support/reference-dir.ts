import { referenceDir } from '../../../src-okta-sim/runscope/reference-files.js';
import { projectRoot } from '../../../src-cli/version.js';

/** The shared reference folder beside this checkout, as the CLI finds it. */
export const REFERENCE_DIR = referenceDir(projectRoot());
