import { sql, type Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database, StockMovementKind } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes } from '../dbErrors.ts';

/** The sign of each movement: what comes in, what goes out; a count sets the balance to what was counted. */
const direction: Record<Exclude<StockMovementKind, 'counted'>, 1 | -1> = {
  received: 1,
  issued: -1,
  returned: 1,
  written_off: -1,
};

export interface StockMovementInput {
  municipalityId: string;
  actor: string;
  unitId: string;
  kind: string;
  movement: StockMovementKind;
  /** How many moved; for `counted`, how many were counted (the new balance). */
  quantity: number;
  reason: string | null;
  stopId: string | null;
  serialFirst: number | null;
  serialLast: number | null;
}

function checkInput(props: StockMovementInput): { reason: string | null } {
  const reason = props.reason?.trim() || null;
  const least = props.movement === 'counted' ? 0 : 1;
  if (!Number.isInteger(props.quantity) || props.quantity < least || props.quantity > 1_000_000) {
    throw new DomainError('invalid_quantity', {
      field: 'quantity',
      message: `The quantity must be a whole number from ${least} to 1000000.`,
    });
  }
  if (props.movement === 'written_off' && !reason) {
    throw new DomainError('reason_required', { field: 'reason', message: 'A write-off needs a reason.' });
  }
  if (props.stopId && props.movement !== 'issued' && props.movement !== 'returned') {
    throw new DomainError('validation', {
      field: 'stopId',
      message: 'Only items issued at a stop or returned from one name a stop.',
    });
  }
  const serials = [props.serialFirst, props.serialLast];
  if (serials.some((value) => value !== null)) {
    if (props.movement === 'counted') {
      throw new DomainError('invalid_serial_range', {
        field: 'serialFirst',
        message: 'A count names no number range.',
      });
    }
    if (props.serialFirst === null || props.serialLast === null) {
      throw new DomainError('invalid_serial_range', {
        field: props.serialFirst === null ? 'serialFirst' : 'serialLast',
        message: 'A number range needs its first and its last number.',
      });
    }
    if (props.serialLast - props.serialFirst + 1 !== props.quantity) {
      throw new DomainError('invalid_serial_range', {
        field: 'serialLast',
        message: `The range ${props.serialFirst}–${props.serialLast} does not hold exactly ${props.quantity} items.`,
      });
    }
  }
  return { reason };
}

/**
 * Records one movement of a controlled item on a unit and changes the unit's balance in the same transaction.
 * The balance row is changed in place (quantity = quantity + change), so two movements at once queue on its
 * row lock and neither is lost; the database refuses a balance below zero (CHECK controlled_stock_not_negative).
 */
export async function recordStockMovement(
  db: Kysely<Database>,
  props: StockMovementInput,
): Promise<{ id: string; balance: number; belowMinimum: boolean }> {
  const { reason } = checkInput(props);
  try {
    return await db.transaction().execute(async (trx) => {
      const kind = await trx
        .selectFrom('controlled_item_kinds')
        .select(['id', 'minimum_stock', 'serial_numbered'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.kind)
        .executeTakeFirst();
      if (!kind) {
        throw new DomainError('unknown_controlled_item_kind', {
          field: 'kind',
          message: `There is no controlled item kind "${props.kind}".`,
        });
      }
      const unit = await trx
        .selectFrom('units')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.unitId)
        .executeTakeFirst();
      if (!unit) {
        throw new DomainError('unknown_unit', {
          field: 'unitId',
          message: `There is no unit "${props.unitId}".`,
        });
      }
      if (props.serialFirst !== null && !kind.serial_numbered) {
        throw new DomainError('invalid_serial_range', {
          field: 'serialFirst',
          message: `Items of the kind "${props.kind}" carry no numbers.`,
        });
      }
      if (props.stopId) {
        const stop = await trx
          .selectFrom('stops')
          .select('id')
          .where('municipality_id', '=', props.municipalityId)
          .where('id', '=', props.stopId)
          .where('unit_id', '=', props.unitId)
          .executeTakeFirst();
        if (!stop) {
          throw new DomainError('unknown_stop', {
            field: 'stopId',
            message: `The unit "${props.unitId}" has no stop "${props.stopId}".`,
          });
        }
      }

      const key = {
        municipality_id: props.municipalityId,
        unit_id: props.unitId,
        kind_id: props.kind,
      };
      await trx
        .insertInto('controlled_stock_balances')
        .values(key)
        .onConflict((oc) => oc.doNothing())
        .execute();
      const balanceRow = () =>
        trx
          .updateTable('controlled_stock_balances')
          .where('municipality_id', '=', props.municipalityId)
          .where('unit_id', '=', props.unitId)
          .where('kind_id', '=', props.kind);
      let change: number;
      let balance: number;
      if (props.movement === 'counted') {
        const before = await trx
          .selectFrom('controlled_stock_balances')
          .select('quantity')
          .where('municipality_id', '=', props.municipalityId)
          .where('unit_id', '=', props.unitId)
          .where('kind_id', '=', props.kind)
          .forUpdate()
          .executeTakeFirstOrThrow();
        change = props.quantity - before.quantity;
        balance = props.quantity;
        await balanceRow()
          .set({ quantity: balance, updated_at: sql`now()` })
          .execute();
      } else {
        change = direction[props.movement] * props.quantity;
        const after = await balanceRow()
          .set((eb) => ({ quantity: eb('quantity', '+', change), updated_at: sql`now()` }))
          .returning('quantity')
          .executeTakeFirstOrThrow();
        balance = after.quantity;
      }

      const movement = await trx
        .insertInto('controlled_stock_movements')
        .values({
          ...key,
          movement: props.movement,
          quantity_change: change,
          balance_after: balance,
          reason,
          stop_id: props.stopId,
          serial_first: props.serialFirst,
          serial_last: props.serialLast,
          actor: props.actor,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const belowMinimum = balance < kind.minimum_stock;
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'controlled_stock.movement_recorded',
        subjectType: 'controlled_stock_movement',
        subjectId: movement.id,
        // The reason is free text and may name people: the audit only says whether there was one.
        details: {
          unitId: props.unitId,
          kind: props.kind,
          movement: props.movement,
          quantityChange: change,
          balanceAfter: balance,
          belowMinimum,
          stopId: props.stopId,
          serialFirst: props.serialFirst,
          serialLast: props.serialLast,
          withReason: reason !== null,
        },
      });
      return { id: movement.id, balance, belowMinimum };
    });
  } catch (error) {
    if (
      pgErrorCode(error) === pgErrorCodes.checkViolation &&
      pgConstraint(error) === 'controlled_stock_not_negative'
    ) {
      const current = await db
        .selectFrom('controlled_stock_balances')
        .select('quantity')
        .where('municipality_id', '=', props.municipalityId)
        .where('unit_id', '=', props.unitId)
        .where('kind_id', '=', props.kind)
        .executeTakeFirst();
      throw new DomainError('stock_insufficient', {
        field: 'quantity',
        message: `Only ${current?.quantity ?? 0} in stock: the stock cannot go below zero.`,
        details: { available: current?.quantity ?? 0 },
      });
    }
    throw error;
  }
}
