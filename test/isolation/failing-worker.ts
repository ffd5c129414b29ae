// The real scan worker, with ways to fail no real document can be counted on to give: a document
// whose name says so makes the process die by a signal, or throws where nothing catches it.
import '../../shared/isolation/scan-worker.ts';

process.on('message', (message: { type: string; name?: string }) => {
  if (message.type !== 'scan') return;
  if (message.name?.includes('segfault')) process.kill(process.pid, 'SIGSEGV');
  if (message.name?.includes('abort')) process.abort();
  // Before the document's own reading (promises) goes on.
  if (message.name?.includes('uncaught')) {
    process.nextTick(() => {
      throw new Error('a decoder failed on 1101700207030');
    });
  }
});
