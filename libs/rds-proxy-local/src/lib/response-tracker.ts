/**
 * Follows a server's answer to one command, packet by packet, to tell when it is complete and in which state it
 * leaves the session (in a transaction or not). The stand-in needs both: a DB connection goes back to the pool only
 * between transactions, and only once the whole answer has been relayed.
 *
 * Formats (without DEPRECATE_EOF, which the stand-in never offers):
 * https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html
 * https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html#sect_protocol_com_stmt_prepare_response
 */
import {
  Command,
  eofStatus,
  isEofPacket,
  isErrorPacket,
  MAX_FRAME_PAYLOAD,
  okStatus,
  readLengthEncodedInteger,
  ServerStatus,
} from './protocol';

export interface ResponseProgress {
  readonly done: boolean;
  /** The final status flags, when the answer carried them (OK and EOF do, ERR does not). */
  readonly status?: number;
  readonly error?: boolean;
}

type Phase =
  | { kind: 'first' }
  | { kind: 'columns'; remaining: number }
  | { kind: 'rows' }
  | { kind: 'prepare-definitions'; params: number; columns: number }
  | { kind: 'field-list' };

/** Whether a command gets an answer at all (COM_STMT_CLOSE and COM_STMT_SEND_LONG_DATA do not). */
export function expectsResponse(command: number): boolean {
  return command !== Command.STMT_CLOSE && command !== Command.STMT_SEND_LONG_DATA && command !== Command.QUIT;
}

export class ResponseTracker {
  private phase: Phase;
  /** The previous frame was full, so this one continues the same packet and carries no packet type. */
  private continuing = false;

  constructor(private readonly command: number) {
    this.phase = command === Command.FIELD_LIST ? { kind: 'field-list' } : { kind: 'first' };
  }

  accept(payload: Buffer): ResponseProgress {
    const continuation = this.continuing;
    this.continuing = payload.length === MAX_FRAME_PAYLOAD;
    if (continuation) return { done: false };
    const phase = this.phase;
    switch (phase.kind) {
      case 'first':
        return this.first(payload);
      case 'columns':
        if (phase.remaining > 0) {
          phase.remaining -= 1;
          return { done: false };
        }
        // The EOF after the column definitions.
        this.phase = { kind: 'rows' };
        return { done: false };
      case 'rows':
        if (isErrorPacket(payload)) return { done: true, error: true };
        if (isEofPacket(payload)) return this.endOfResult(eofStatus(payload));
        return { done: false };
      case 'prepare-definitions':
        if (isEofPacket(payload)) {
          if (phase.params === 0 && phase.columns === 0) return { done: true };
          return { done: false };
        }
        if (phase.params > 0) phase.params -= 1;
        else phase.columns -= 1;
        // Definitions of a kind are followed by an EOF; the answer ends with the EOF after the last kind.
        return { done: false };
      case 'field-list':
        if (isErrorPacket(payload)) return { done: true, error: true };
        if (isEofPacket(payload)) return { done: true, status: eofStatus(payload) };
        return { done: false };
    }
  }

  private first(payload: Buffer): ResponseProgress {
    if (isErrorPacket(payload)) return { done: true, error: true };
    if (this.command === Command.STMT_PREPARE) {
      // OK_prepare: 0x00, statement id (4), columns (2), params (2), filler, warnings (2).
      const columns = payload.readUInt16LE(5);
      const params = payload.readUInt16LE(7);
      if (columns === 0 && params === 0) return { done: true };
      this.phase = { kind: 'prepare-definitions', params, columns };
      return { done: false };
    }
    if (this.command === Command.STATISTICS) return { done: true };
    if (payload[0] === 0x00) return this.endOfResult(okStatus(payload));
    if (isEofPacket(payload)) return { done: true, status: eofStatus(payload) }; // COM_SET_OPTION
    const [columnCount] = readLengthEncodedInteger(payload, 0);
    this.phase = { kind: 'columns', remaining: columnCount };
    return { done: false };
  }

  private endOfResult(status: number): ResponseProgress {
    if (status & ServerStatus.MORE_RESULTS_EXISTS) {
      this.phase = { kind: 'first' };
      return { done: false };
    }
    return { done: true, status };
  }
}
