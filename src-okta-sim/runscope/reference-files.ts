/**
 * Finds the shared reference material (Okta's and Microsoft's SCIM tests), which sits beside
 * the repository: `<repo>/../shared/reference`. Resolved from the repository root, so it works
 * from src/ and dist/ and in a fresh clone anywhere, as long as shared/ sits beside it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `root` is the repository's root folder (the CLI knows it; this module runs from src/ or dist/). */
export function referenceDir(root: string): string {
  return join(dirname(root), 'shared', 'reference');
}

/** The path of one reference file; a clear error when the folder or file is missing. */
export function referenceFile(relative: string, dir: string): string {
  const path = join(dir, relative);
  if (!existsSync(path)) {
    throw new Error(
      `reference file ${relative} not found at ${path}; the shared reference folder must sit beside the ` +
        `repository (…/shared/reference next to the checkout), or pass its location with --reference DIR`,
    );
  }
  return path;
}

export const OKTA_SPEC_TEST = 'okta-scim/Okta-SCIM-20-SPEC-Test.json';
export const OKTA_SPEC_INITIAL_SCRIPT = 'okta-scim/Initial_Script_Spec.txt';
export const MS_POSTMAN_COLLECTION = 'ms-scim/PostmanCollection.json';
