// Reads a SAM or CloudFormation template (YAML or JSON) into plain data. CloudFormation's YAML
// short forms (!Ref, !GetAtt, !Sub, ...) become their long forms ({"Ref": ...}, {"Fn::GetAtt": ...}),
// as CloudFormation reads them, so the rest of the code sees one shape.
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

import { readFileSync } from 'node:fs';
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import { TemplateError } from './template-error.ts';

const functionTags = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'If', 'Equals', 'Not', 'And', 'Or', 'ToJsonString', 'Length'];

function shortForms(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  const add = (tag: string, key: string, split?: (s: string) => unknown) => {
    tags.push({ tag: `!${tag}`, resolve: (value: string) => ({ [key]: split ? split(value) : value }) } as ScalarTag);
    for (const collection of ['seq', 'map'] as const) {
      tags.push({ tag: `!${tag}`, collection, resolve: (node: { toJSON(): unknown }) => ({ [key]: node.toJSON() }) } as unknown as CollectionTag);
    }
  };
  add('Ref', 'Ref');
  add('Condition', 'Condition');
  // !GetAtt Resource.Attribute is the scalar short form of ["Resource", "Attribute"].
  add('GetAtt', 'Fn::GetAtt', (s) => {
    const dot = s.indexOf('.');
    return dot < 0 ? [s] : [s.slice(0, dot), s.slice(dot + 1)];
  });
  for (const name of functionTags) add(name, `Fn::${name}`);
  return tags;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function parseTemplate(file: string, text = readFileSync(file, 'utf8')): Record<string, Json> {
  const document = parseDocument(text, { customTags: shortForms(), prettyErrors: true, uniqueKeys: true });
  const problem = document.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    throw new TemplateError({ file: at ? `${file}:${at.line}:${at.col}` : file }, `${problem.message.split(' at line ')[0]} (the template is not valid YAML or JSON).`);
  }
  const unknownTag = document.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) {
    const at = unknownTag.linePos?.[0];
    throw new TemplateError({ file: at ? `${file}:${at.line}:${at.col}` : file }, `${unknownTag.message.split(' at line ')[0]}: use one of CloudFormation's short forms (!Ref, !GetAtt, !Sub, !Join, ...).`);
  }
  const data = document.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TemplateError({ file }, 'A template is a map with a Resources section (and optionally Transform, Parameters, Globals, Outputs).');
  }
  return data as Record<string, Json>;
}
