export { fileLedger } from './file.js';
export { LEDGER_FORMAT_VERSION, LedgerError, parseLedger, serializeLedger } from './format.js';
export { type S3LedgerOptions, s3Ledger } from './s3.js';
