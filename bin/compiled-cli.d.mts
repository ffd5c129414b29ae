/** The compiled main module's URL and scan worker's path, compiling first if a source changed; undefined if it cannot be compiled here. */
export function compiledCli(root: string): Promise<{ mainUrl: string; workerPath: string } | undefined>;
