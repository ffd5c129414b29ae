// SARIF 2.1.0, so that an agency's publishing pipeline (or any code-scanning UI) can gate on
// leaks. One rule per identifier type and mask status; leaks are results, and so are regions OCR
// could not read (warnings of their own rule: a person must check them).
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import type { DocumentResult } from '../scan.ts';
import { findingSeverity } from '../severity.ts';
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from '../identifier-types.ts';
import { type Finding, type FindingStatus, isLeak, isRecoverable } from '../types.ts';
import { describeLocation } from './location.ts';

const typeName = (type: IdentifierType): string => IDENTIFIER_TYPES[type].label.en;

const ruleId = (type: IdentifierType, status: FindingStatus): string => `${type}/${status}`;
const pascalCase = (type: IdentifierType): string => type.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());

const statusNote = (f: Finding): string =>
  isRecoverable(f) ? ', recoverable: the check digit gives back the masked digits' : f.status === 'unreadable' ? ': it could not be read, check it by eye' : '';

export function toSarif(documents: readonly DocumentResult[], version: string): object {
  const rules = IDENTIFIER_TYPE_NAMES.flatMap((type) => [
    ...(['unmasked', 'insufficient'] as const).map((status) => ({
      id: ruleId(type, status),
      name: `${status === 'unmasked' ? 'Unmasked' : 'InsufficientlyMasked'}${pascalCase(type)}`,
      shortDescription: { text: `${status === 'unmasked' ? 'Unmasked' : 'Insufficiently masked'} ${typeName(type)}` },
      fullDescription: {
        text: `A ${typeName(type)} is published ${status === 'unmasked' ? 'with every digit visible' : `with fewer than ${IDENTIFIER_TYPES[type].maskedAt} digits hidden`}. The X4 rule requires ${IDENTIFIER_TYPES[type].maskedAt} digits replaced by X before publishing.`,
      },
      defaultConfiguration: { level: findingSeverity({ type, status }) === 'high' ? 'error' : 'warning' },
    })),
    {
      id: ruleId(type, 'unreadable'),
      name: `Unreadable${pascalCase(type)}`,
      shortDescription: { text: `A ${typeName(type)} that could not be read` },
      fullDescription: { text: `OCR found what looks like a ${typeName(type)} on a scan but could not read it. It may be exposed: check it by eye.` },
      defaultConfiguration: { level: 'warning' },
    },
  ]);
  const uri = (path: string): string => (isAbsolute(path) ? pathToFileURL(path).href : path.split('\\').join('/'));
  const results = documents.flatMap((doc) =>
    doc.findings
      .filter((f) => isLeak(f) || f.status === 'unreadable')
      .map((f) => ({
        ruleId: ruleId(f.type, f.status),
        level: findingSeverity(f) === 'high' ? 'error' : 'warning',
        message: { text: `${typeName(f.type)} ${f.display} (${f.status}${statusNote(f)}) at ${describeLocation(f.location)}: «${f.location.excerpt}»` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uri(doc.path) },
              ...(f.location.line !== undefined ? { region: { startLine: f.location.line, ...(f.location.column ? { startColumn: f.location.column } : {}) } } : {}),
            },
            ...(f.location.cell ? { logicalLocations: [{ name: f.location.sheet ? `${f.location.sheet}!${f.location.cell}` : f.location.cell, kind: 'cell' }] } : {}),
          },
        ],
        partialFingerprints: { 'leakscanIdentifier/v1': f.fingerprint },
        properties: {
          confidence: f.confidence,
          ...(f.checksumValid !== undefined ? { checksumValid: f.checksumValid } : {}),
          ...(f.candidates !== undefined ? { candidates: f.candidates } : {}),
        },
      })),
  );
  const notifications = documents
    .filter((d) => d.status === 'error')
    .map((d) => ({
      level: 'warning',
      message: { text: `${d.error!.code}: ${d.error!.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uri(d.path) } } }],
    }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'leakscan', version, rules } },
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}
