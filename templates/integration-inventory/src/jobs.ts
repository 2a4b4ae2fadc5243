// Every job of the __Name__ integration, in the `jobs` list that package.json declares (`"ssot": { "jobs": "./dist/jobs.js" }`).

/** Every job of this package (`ssot jobs` lists them). */
export const jobs = [];
