// Every job of the ZzTmp integration, in the `jobs` list that package.json declares (`"ssot": { "jobs": "./dist/jobs.js" }`).
import { zzTmpToFile } from './jobs/zz-tmp-to-file.js';
import { fileToZzTmp } from './jobs/file-to-zz-tmp.js';

/** Every job of this package (`ssot jobs` lists them). */
export const jobs = [zzTmpToFile, fileToZzTmp];
