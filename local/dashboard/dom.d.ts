// The module server.ts serves from the clerk page's files (clerk/dom.js), shared by both pages.
export * from '../../clerk/dom.js';
