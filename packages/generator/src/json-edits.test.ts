// JSON edits as pure functions: standalone package.json and tsconfig, root typedoc entry points and tsconfig references.
import { describe, expect, it } from 'vitest';
import { addTsconfigReference, addTypedocEntryPoint, standalonePackageJson, standaloneTsconfig } from './json-edits.js';

describe('standalone edits', () => {
  it('replaces workspace and catalog ranges', () => {
    const pkg = JSON.stringify({ dependencies: { '@ssot/core': 'workspace:*', zod: 'catalog:', other: '^1.0.0' }, devDependencies: { typescript: 'catalog:' } });
    expect(standalonePackageJson(pkg, '0.3.0', { dependencies: { zod: '^4.1.0' }, devDependencies: { typescript: '~5.9.3' } })).toMatchInlineSnapshot(`
      "{
        "dependencies": {
          "@ssot/core": "^0.3.0",
          "zod": "^4.1.0",
          "other": "^1.0.0"
        },
        "devDependencies": {
          "typescript": "~5.9.3"
        }
      }
      "
    `);
  });

  it('points the tsconfig at its own base and drops references', () => {
    expect(standaloneTsconfig('{ "extends": "../../tsconfig.base.json", "include": ["src"], "references": [{ "path": "../../packages/core" }] }')).toMatchInlineSnapshot(`
      "{
        "extends": "./tsconfig.base.json",
        "include": [
          "src"
        ]
      }
      "
    `);
  });
});

describe('root edits', () => {
  it('adds a typedoc entry point only when no entry covers the package', () => {
    const globbed = '{\n  "entryPoints": ["packages/*", "integrations/*"]\n}\n';
    expect(addTypedocEntryPoint(globbed, 'integrations/acme')).toBe(globbed);
    const listed = '{ "entryPoints": ["packages/core", "integrations/example"] }';
    const added = addTypedocEntryPoint(listed, 'integrations/acme');
    expect(added).toMatchInlineSnapshot(`
      "{
        "entryPoints": [
          "packages/core",
          "integrations/example",
          "integrations/acme"
        ]
      }
      "
    `);
    expect(addTypedocEntryPoint(added, 'integrations/acme')).toBe(added);
  });

  it('adds a tsconfig reference only to a solution tsconfig', () => {
    const plain = '{ "include": ["scripts"] }';
    expect(addTsconfigReference(plain, 'integrations/acme')).toBe(plain);
    const solution = '{ "files": [], "references": [{ "path": "packages/core" }] }';
    const added = addTsconfigReference(solution, 'integrations/acme');
    expect(JSON.parse(added)).toEqual({ files: [], references: [{ path: 'packages/core' }, { path: 'integrations/acme' }] });
    expect(addTsconfigReference(added, 'integrations/acme')).toBe(added);
  });
});
