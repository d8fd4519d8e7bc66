// PutItem, DeleteItem and UpdateItem with what they carry besides the item: a ConditionExpression
// checked against the item as it is (ConditionalCheckFailedException when false, nothing
// written), an UpdateExpression, and ReturnValues (NONE, ALL_OLD; UpdateItem also UPDATED_OLD,
// ALL_NEW, UPDATED_NEW, where UPDATED_* give the top-level attributes the update touched).
// Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html,
// API_DeleteItem.html, API_UpdateItem.html (ReturnValues)

import type { Item } from './attribute-values.ts';
import { conditionalCheckFailed, evaluate, parseCondition } from './conditions.ts';
import { Placeholders } from './expressions.ts';
import { refuseUnsupported, type Request } from './query.ts';
import type { LocalTable } from './table.ts';
import { TableError } from './table-error.ts';
import { applyUpdate, parseUpdate } from './update-expression.ts';

/** The request's ConditionExpression as a check on the old item (none: always passes). */
function conditionCheck(request: Request, placeholders: Placeholders): (old: Item | undefined) => void {
  if (typeof request.ConditionExpression !== 'string') return () => {};
  const condition = parseCondition(request.ConditionExpression, placeholders, 'ConditionExpression');
  const wanted = request.ReturnValuesOnConditionCheckFailure ?? 'NONE';
  if (wanted !== 'NONE' && wanted !== 'ALL_OLD') throw new TableError('ValidationException', `ReturnValuesOnConditionCheckFailure takes NONE or ALL_OLD, not ${String(wanted)}`);
  return (old) => {
    if (!evaluate(condition, old)) throw conditionalCheckFailed(wanted === 'ALL_OLD' ? old : undefined);
  };
}

function returnValues(request: Request, allowed: string[]): string {
  const wanted = String(request.ReturnValues ?? 'NONE');
  if (!allowed.includes(wanted)) throw new TableError('ValidationException', `Return values set to invalid value: ${wanted} (this operation takes ${allowed.join(', ')})`);
  return wanted;
}

const legacy = ['Expected', 'ConditionalOperator', 'AttributeUpdates'];

export function putItem(table: LocalTable, request: Request): Record<string, unknown> {
  refuseUnsupported(request, 'PutItem', legacy);
  const wanted = returnValues(request, ['NONE', 'ALL_OLD']);
  const placeholders = new Placeholders(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
  const check = conditionCheck(request, placeholders);
  placeholders.checkAllUsed();
  const old = table.putItem(request.Item, check);
  return wanted === 'ALL_OLD' && old ? { Attributes: old } : {};
}

export function deleteItem(table: LocalTable, request: Request): Record<string, unknown> {
  refuseUnsupported(request, 'DeleteItem', legacy);
  const wanted = returnValues(request, ['NONE', 'ALL_OLD']);
  const placeholders = new Placeholders(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
  const check = conditionCheck(request, placeholders);
  placeholders.checkAllUsed();
  const old = table.deleteItem(request.Key, check);
  return wanted === 'ALL_OLD' && old ? { Attributes: old } : {};
}

export function updateItem(table: LocalTable, request: Request): Record<string, unknown> {
  refuseUnsupported(request, 'UpdateItem', legacy);
  const wanted = returnValues(request, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']);
  const placeholders = new Placeholders(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
  const actions = typeof request.UpdateExpression === 'string' ? parseUpdate(request.UpdateExpression, placeholders) : [];
  const check = conditionCheck(request, placeholders);
  placeholders.checkAllUsed();
  let touched: string[] = [];
  const { old, item } = table.updateItem(request.Key, (previous, key) => {
    check(previous);
    const updated = applyUpdate(actions, previous, key);
    touched = updated.touched;
    return updated.item;
  });
  const pick = (from: Item | undefined) => Object.fromEntries(touched.filter((name) => from && name in from).map((name) => [name, from![name]!]));
  const attributes = { ALL_OLD: old, UPDATED_OLD: pick(old), ALL_NEW: item, UPDATED_NEW: pick(item) }[wanted as 'ALL_OLD'];
  return attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}
