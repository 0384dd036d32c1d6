/**
 * rds-proxy-local: a stand-in for RDS Proxy (MySQL engine family) in front of any MySQL-compatible server, for tests.
 * It models only what the RDS Proxy documentation says; each behaviour below cites the page it follows, and the
 * README ("Local RDS Proxy stand-in") lists what it leaves out and where the docs were silent.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DbLoginRefused, openDbLogin } from './db-login';
import { emptyMetrics, type ProxyMetrics } from './metrics';
import { PacketSocket } from './packet-socket';
import { analyseQuery, type PinningCondition } from './pinning';
import {
  Capability,
  Command,
  errorPacket,
  frame,
  isSslRequest,
  MAX_FRAME_PAYLOAD,
  nativePasswordToken,
  okPacket,
  readLengthEncodedInteger,
  OFFERED_CAPABILITIES,
  parseHandshakeResponse,
  serverGreeting,
  ServerStatus,
  SESSION_SHAPING_CAPABILITIES,
  tokensEqual,
  type Frame,
} from './protocol';
import { expectsResponse, ResponseTracker, type ResponseProgress } from './response-tracker';

export interface RdsProxyLocalOptions {
  /** Where clients connect. @default 127.0.0.1, a free port */
  readonly listen?: { host: string; port: number };
  readonly target: { host: string; port: number };
  /** JSON file holding the secret as Secrets Manager stores it: username, password (host, port, dbname optional). */
  readonly secretFile: string;
  /** The pool's cap, the stand-in's MaxConnectionsPercent × max_connections. @default 10 */
  readonly maxDbConnections?: number;
  /** Idle DB connections kept, the stand-in's MaxIdleConnectionsPercent × max_connections. @default half the cap */
  readonly maxIdleDbConnections?: number;
  /**
   * MaxConnectionsPercent instead of a count: the cap is this percentage of the target's max_connections, read once at
   * start (so the target must be up then). Not with maxDbConnections.
   */
  readonly maxConnectionsPercent?: number;
  /** MaxIdleConnectionsPercent instead of a count, of the target's max_connections. Not with maxIdleDbConnections. */
  readonly maxIdleConnectionsPercent?: number;
  /** ConnectionBorrowTimeout. @default 120000 (the RDS Proxy default, 120 s) */
  readonly borrowTimeoutMs?: number;
  /** IdleClientTimeout. @default 1800 (the RDS Proxy default, 30 min) */
  readonly idleClientTimeoutS?: number;
  /** Serve `GET /metrics` here. */
  readonly metrics?: { host: string; port: number };
  /** RequireTLS: refuse clients that do not start TLS. Needs `tls`. */
  readonly requireTls?: boolean;
  /** PEM certificate and key offered to clients (TLS is offered only with them). */
  readonly tls?: { cert: Buffer; key: Buffer };
  /** Speak TLS to the target, verified against this CA (PEM). */
  readonly targetCa?: Buffer;
  /** One line per event (listening, pinning); no secrets. @default stdout */
  readonly log?: (line: string) => void;
}

export interface RdsProxyLocal {
  readonly host: string;
  readonly port: number;
  /** `http://host:port/metrics`, when a metrics address was given. */
  readonly metricsUrl: string | undefined;
  metrics(): ProxyMetrics;
  close(): Promise<void>;
}

interface Secret {
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
}

interface DbConnection {
  readonly id: number;
  readonly link: PacketSocket;
  /** SESSION_SHAPING capabilities and collation the session was opened with; only lent to clients with the same. */
  readonly shape: string;
  schema: string | undefined;
  /** Tracked settings (SET NAMES, time_zone, ...) in effect, in order. */
  settings: string[];
  heldBy: ClientSession | undefined;
  inTransaction: boolean;
  pinned: boolean;
  /** Set while a command's answer is relayed, so a DB connection that dies mid-answer fails that command. */
  failInFlight: ((error: Error) => void) | undefined;
}

interface ClientSession {
  readonly id: number;
  readonly link: PacketSocket;
  readonly shape: string;
  readonly sessionCapabilities: number;
  readonly collation: number;
  readonly tls: boolean;
  schema: string | undefined;
  settings: string[];
  held: DbConnection | undefined;
  pinnedBy: PinningCondition | undefined;
  /** Why the session's DB state was lost (target gone mid-transaction): the next command fails and the client is closed. */
  lostSession: string | undefined;
  busy: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

class BorrowTimeout extends Error {}

/** RDS Proxy's answer to a client that waited longer than ConnectionBorrowTimeout (see README: chosen, 9501). */
const BORROW_TIMEOUT_ERROR = {
  code: 9501,
  sqlState: 'HY000',
  message: 'Timed-out waiting to acquire database connection',
};
/** The target went away while the command ran (see README: chosen, the client library's "lost connection" code). */
const LOST_DB_ERROR = { code: 2013, sqlState: 'HY000', message: 'Lost connection to the database during query' };

const NATIVE_PASSWORD_PLUGIN = 'mysql_native_password';

function readSecret(file: string): Secret {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secret>;
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
    throw new Error(`${file} must hold a JSON object with string "username" and "password"`);
  }
  return { username: parsed.username, password: parsed.password, dbname: parsed.dbname };
}

function trackedSettingKey(statement: string): string {
  // `SET time_zone = '+00:00'` and `SET time_zone='UTC'` replace each other: the key is the assigned names.
  return statement
    .toLowerCase()
    .replace(/^set\s+/, '')
    .split(',')
    .map((part) => part.trim().split(/\s*=\s*|\s+/)[0])
    .join(',');
}

export async function startRdsProxyLocal(options: RdsProxyLocalOptions): Promise<RdsProxyLocal> {
  if (options.maxConnectionsPercent !== undefined && options.maxDbConnections !== undefined) {
    throw new Error('give the pool cap as maxDbConnections or as maxConnectionsPercent, not both');
  }
  if (options.maxIdleConnectionsPercent !== undefined && options.maxIdleDbConnections !== undefined) {
    throw new Error('give the idle cap as maxIdleDbConnections or as maxIdleConnectionsPercent, not both');
  }
  // MaxConnectionsPercent / MaxIdleConnectionsPercent are percentages of the target's max_connections
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.maxconnectionspercent).
  // How the proxy rounds is not documented: the stand-in rounds down, to at least one connection.
  const needsMaxConnections =
    options.maxConnectionsPercent !== undefined || options.maxIdleConnectionsPercent !== undefined;
  // One login at start tells clients the target's server version from their first handshake (drivers adapt to it:
  // mysql2 to MariaDB, for one). Without percentages a target that is down at start is fine: the version comes later.
  const probe = await probeTarget(options, needsMaxConnections).catch((error: unknown) => {
    if (needsMaxConnections) throw error;
    return undefined;
  });
  const targetMaxConnections = probe?.maxConnections;
  const ofTarget = (percent: number) => Math.floor(((targetMaxConnections ?? 0) * percent) / 100);
  const maxDbConnections =
    options.maxConnectionsPercent !== undefined
      ? Math.max(1, ofTarget(options.maxConnectionsPercent))
      : (options.maxDbConnections ?? 10);
  const maxIdleDbConnections =
    options.maxIdleConnectionsPercent !== undefined
      ? Math.min(maxDbConnections, ofTarget(options.maxIdleConnectionsPercent))
      : (options.maxIdleDbConnections ?? Math.ceil(maxDbConnections / 2));
  const borrowTimeoutMs = options.borrowTimeoutMs ?? 120_000;
  const idleClientTimeoutMs = (options.idleClientTimeoutS ?? 1800) * 1000;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (options.requireTls && !options.tls) throw new Error('requireTls needs a TLS certificate and key');

  let secret = readSecret(options.secretFile);
  const counters = emptyMetrics(maxDbConnections);
  let borrowLatencyTotalMicros = 0;
  let borrows = 0;
  let serverVersion = probe?.serverVersion ?? '8.0.36-rds-proxy-local';
  let nextId = 1;
  let closing = false;

  const dbConnections = new Set<DbConnection>();
  const idle: DbConnection[] = [];
  let opening = 0;
  const clients = new Set<ClientSession>();
  let poolWaiters: (() => void)[] = [];

  function poolChanged(): void {
    const waiters = poolWaiters;
    poolWaiters = [];
    for (const wake of waiters) wake();
  }

  function waitForPoolChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        poolWaiters = poolWaiters.filter((waiter) => waiter !== done);
        resolve();
      }
      poolWaiters.push(done);
    });
  }

  /** Re-reads the secret file; true when the password or user changed (the rotation window at the proxy). */
  function refreshSecret(): boolean {
    try {
      const fresh = readSecret(options.secretFile);
      const changed = fresh.password !== secret.password || fresh.username !== secret.username;
      secret = fresh;
      return changed;
    } catch {
      // A half-written file during a rotation: keep the cached value, the next mismatch reads it again.
      return false;
    }
  }

  function metricsSnapshot(): ProxyMetrics {
    const all = [...dbConnections];
    return {
      ...counters,
      ClientConnections: clients.size,
      ClientConnectionsTls: [...clients].filter((client) => client.tls).length,
      ClientConnectionsNoTls: [...clients].filter((client) => !client.tls).length,
      DatabaseConnections: dbConnections.size,
      DatabaseConnectionsCurrentlyBorrowed: all.filter((connection) => connection.heldBy).length,
      DatabaseConnectionsCurrentlyInTransaction: all.filter((connection) => connection.inTransaction).length,
      DatabaseConnectionsCurrentlySessionPinned: all.filter((connection) => connection.pinned).length,
      DatabaseConnectionsBorrowLatency: borrows === 0 ? 0 : Math.round(borrowLatencyTotalMicros / borrows),
    };
  }

  function dropDbConnection(connection: DbConnection): void {
    if (!dbConnections.delete(connection)) return;
    const index = idle.indexOf(connection);
    if (index >= 0) idle.splice(index, 1);
    connection.link.destroy();
    poolChanged();
  }

  async function openDbConnection(client: ClientSession): Promise<DbConnection> {
    opening += 1;
    try {
      for (let attempt = 0; ; attempt++) {
        counters.DatabaseConnectionRequests += 1;
        if (options.targetCa) counters.DatabaseConnectionRequestsWithTLS += 1;
        try {
          const database = client.schema ?? secret.dbname;
          const login = await openDbLogin({
            host: options.target.host,
            port: options.target.port,
            user: secret.username,
            password: secret.password,
            database,
            collation: client.collation,
            sessionCapabilities: client.sessionCapabilities,
            targetCa: options.targetCa,
            timeoutMs: Math.min(borrowTimeoutMs, 10_000),
          });
          counters.DatabaseConnectionsSetupSucceeded += 1;
          serverVersion = login.serverVersion;
          const connection: DbConnection = {
            id: nextId++,
            link: login.link,
            shape: client.shape,
            schema: database,
            settings: [],
            heldBy: undefined,
            inTransaction: false,
            pinned: false,
            failInFlight: undefined,
          };
          dbConnections.add(connection);
          login.link.onClose(() => onDbConnectionLost(connection));
          return connection;
        } catch (error) {
          counters.DatabaseConnectionsSetupFailed += 1;
          // The DB refused the secret's value: re-read it once, the rotation may have changed it
          // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html).
          if (error instanceof DbLoginRefused && attempt === 0 && refreshSecret()) continue;
          throw error;
        }
      }
    } finally {
      opening -= 1;
    }
  }

  /**
   * Lends a DB connection to a client, waiting at most ConnectionBorrowTimeout: "the amount of time that the proxy
   * waits for a database connection in the connection pool to become available for use"
   * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.connectionborrowtimeout).
   * While the target is down (a restart, a failover) the wait covers the outage, as the proxy does.
   */
  async function borrow(client: ClientSession): Promise<DbConnection> {
    const started = process.hrtime.bigint();
    const deadline = Date.now() + borrowTimeoutMs;
    const signature = client.settings.join('\n');
    for (;;) {
      if (closing) throw new Error('rds-proxy-local is closing');
      let connection = idle.find(
        (candidate) => candidate.shape === client.shape && candidate.settings.join('\n') === signature,
      );
      if (connection) {
        idle.splice(idle.indexOf(connection), 1);
        connection.link.onFrame(undefined);
      } else {
        // MaxConnectionsPercent: the pool never opens more than the cap
        // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.maxconnectionspercent).
        if (dbConnections.size + opening >= maxDbConnections && idle.length > 0) {
          // Only idle connections of another shape or other tracked settings are left: "RDS Proxy only reuses
          // connections from other sessions that have the same values for those settings", so one is replaced.
          dropDbConnection(idle[0]);
        }
        if (dbConnections.size + opening < maxDbConnections) {
          try {
            connection = await openDbConnection(client);
          } catch {
            // Unreachable or refusing target: keep trying until the borrow timeout.
            if (Date.now() >= deadline) throw new BorrowTimeout();
            await waitForPoolChange(Math.min(200, Math.max(0, deadline - Date.now())));
            continue;
          }
        }
      }
      if (!connection) {
        const left = deadline - Date.now();
        if (left <= 0) throw new BorrowTimeout();
        await waitForPoolChange(left);
        continue;
      }
      connection.heldBy = client;
      try {
        await prepareForClient(connection, client);
      } catch {
        dropDbConnection(connection);
        continue;
      }
      borrowLatencyTotalMicros += Number((process.hrtime.bigint() - started) / 1000n);
      borrows += 1;
      return connection;
    }
  }

  /** Brings a lent DB connection to the client's tracked state: its schema (`USE`) and tracked settings. */
  async function prepareForClient(connection: DbConnection, client: ClientSession): Promise<void> {
    if (client.schema && connection.schema !== client.schema) {
      await runInternal(connection, Command.INIT_DB, Buffer.from(client.schema, 'utf8'));
      connection.schema = client.schema;
    }
    if (connection.settings.length === 0 && client.settings.length > 0) {
      for (const statement of client.settings)
        await runInternal(connection, Command.QUERY, Buffer.from(statement, 'utf8'));
      connection.settings = [...client.settings];
    }
  }

  async function runInternal(connection: DbConnection, command: number, body: Buffer): Promise<void> {
    connection.link.write(frame(0, Buffer.concat([Buffer.from([command]), body])));
    const tracker = new ResponseTracker(command);
    for (;;) {
      const answer = await connection.link.next(10_000);
      const progress = tracker.accept(answer.payload);
      if (progress.done) {
        if (progress.error) throw new Error('the target refused a session-state replay');
        return;
      }
    }
  }

  function release(client: ClientSession): void {
    const connection = client.held;
    if (!connection) return;
    client.held = undefined;
    connection.heldBy = undefined;
    if (connection.pinned || connection.inTransaction || connection.link.closed) {
      // Its session state belongs to the client that is gone: closing it also rolls back an open transaction.
      dropDbConnection(connection);
      return;
    }
    if (idle.length >= maxIdleDbConnections) {
      // MaxIdleConnectionsPercent: idle connections above it are closed
      // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.maxidleconnectionspercent).
      dropDbConnection(connection);
      return;
    }
    idle.push(connection);
    // An idle connection has nothing to say; anything it sends (a server's "shutting down" or "killed" error before it
    // closes) means it is going away, and must not reach the next client as the answer to its command.
    connection.link.onFrame(() => dropDbConnection(connection));
    poolChanged();
  }

  /**
   * The target closed a DB connection (restart, failover, kill). An idle one just leaves the pool: the clients keep
   * their connections to the proxy and their next statement gets a fresh DB connection, as in "Preserving connections
   * to a MySQL database across a failover" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.examples.html).
   */
  function onDbConnectionLost(connection: DbConnection): void {
    const client = connection.heldBy;
    connection.failInFlight?.(new Error('the target closed the connection'));
    dropDbConnection(connection);
    if (client && client.held === connection && (connection.inTransaction || connection.pinned)) {
      // Its transaction or pinned session state is gone with the DB session: the client must not carry on as if it
      // were not (a later COMMIT on a fresh connection would commit nothing). See README: chosen.
      client.lostSession = connection.pinned ? 'pinned session' : 'transaction';
    }
  }

  function pin(client: ClientSession, connection: DbConnection, condition: PinningCondition): void {
    if (client.pinnedBy) return;
    client.pinnedBy = condition;
    connection.pinned = true;
    // One line per pinning event, worded after the proxy's own log line.
    log(
      `rds-proxy-local: The client session was pinned to the database connection [dbConnection=${connection.id}] ` +
        `for the remainder of the session. Reason: ${condition}.`,
    );
  }

  function resetIdleTimer(client: ClientSession): void {
    if (client.idleTimer) clearTimeout(client.idleTimer);
    // IdleClientTimeout: "how long a client connection can be idle before the proxy closes it"
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.idleclienttimeout).
    client.idleTimer = setTimeout(() => {
      if (!client.busy) client.link.end();
    }, idleClientTimeoutMs);
    client.idleTimer.unref();
  }

  function sendError(
    client: ClientSession,
    sequenceId: number,
    error: { code: number; sqlState: string; message: string },
  ): void {
    client.link.write(frame(sequenceId, errorPacket(error.code, error.sqlState, error.message)));
  }

  async function handleCommand(client: ClientSession, frames: Frame[]): Promise<void> {
    const payload = frames[0].payload;
    const command = payload[0];
    const replySequence = (frames[frames.length - 1].sequenceId + 1) & 0xff;
    if (command === Command.QUIT) {
      client.link.end();
      return;
    }
    if (client.lostSession) {
      sendError(client, replySequence, {
        ...LOST_DB_ERROR,
        message: `${LOST_DB_ERROR.message}: the ${client.lostSession} was lost when the target went away`,
      });
      client.link.end();
      return;
    }
    if (command === Command.PING) {
      // Answered by the stand-in itself: a ping says the proxy is there, and borrows nothing (see README: chosen).
      client.link.write(frame(replySequence, okPacket()));
      return;
    }
    if (command === Command.CHANGE_USER) {
      sendError(client, replySequence, {
        code: 1047,
        sqlState: '08S01',
        message: 'COM_CHANGE_USER is not supported by rds-proxy-local',
      });
      return;
    }
    let pinning: PinningCondition | undefined;
    let trackedSettings: readonly string[] | undefined;
    let useSchema: string | undefined;
    if (command === Command.QUERY) {
      counters.QueryRequests += 1;
      const analysis = analyseQuery(
        Buffer.concat(frames.map((part) => part.payload))
          .subarray(1)
          .toString('utf8'),
        (client.sessionCapabilities & Capability.MULTI_STATEMENTS) !== 0,
      );
      pinning = analysis.pinning;
      trackedSettings = analysis.trackedSettings;
      useSchema = analysis.useSchema;
    } else if (command === Command.STMT_EXECUTE) {
      counters.QueryRequests += 1;
    } else if (command === Command.STMT_PREPARE) {
      pinning = 'prepared statement';
    } else if (command === Command.SET_OPTION) {
      pinning = 'session option changed';
    } else if (command === Command.INIT_DB) {
      useSchema = payload.subarray(1).toString('utf8');
    }

    let borrowed = client.held;
    if (!borrowed) {
      try {
        borrowed = await borrow(client);
      } catch (error) {
        if (error instanceof BorrowTimeout) sendError(client, replySequence, BORROW_TIMEOUT_ERROR);
        else sendError(client, replySequence, { ...LOST_DB_ERROR, message: String((error as Error).message) });
        return;
      }
      client.held = borrowed;
      if (client.link.closed) {
        release(client);
        return;
      }
    }
    const connection = borrowed;
    if (pinning) pin(client, connection, pinning);

    for (const part of frames) connection.link.write(part.raw);
    if (!expectsResponse(command)) {
      if (!client.pinnedBy && !connection.inTransaction) release(client);
      return;
    }
    const tracker = new ResponseTracker(command);
    let progress: ResponseProgress;
    try {
      progress = await new Promise<ResponseProgress>((resolve, reject) => {
        connection.failInFlight = reject;
        connection.link.onFrame((answer) => {
          client.link.write(answer.raw);
          const step = tracker.accept(answer.payload);
          if (step.done) resolve(step);
        });
      });
    } catch {
      // The target went away in the middle of the answer: the command fails; whether the session survives is decided
      // in onDbConnectionLost.
      sendError(client, replySequence, LOST_DB_ERROR);
      if (client.held === connection) client.held = undefined;
      if (client.lostSession) client.link.end();
      return;
    } finally {
      connection.failInFlight = undefined;
      connection.link.onFrame(undefined);
    }
    if (progress.status !== undefined) connection.inTransaction = (progress.status & ServerStatus.IN_TRANS) !== 0;
    if (!progress.error) {
      if (useSchema) client.schema = connection.schema = useSchema;
      if (trackedSettings) {
        for (const statement of trackedSettings) {
          const key = trackedSettingKey(statement);
          client.settings = [...client.settings.filter((existing) => trackedSettingKey(existing) !== key), statement];
        }
        connection.settings = [...client.settings];
      }
    }
    // Multiplexing: "RDS Proxy can reuse a connection at the conclusion of each transaction" unless pinned
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html).
    if (!client.pinnedBy && !connection.inTransaction) release(client);
  }

  function closeClient(client: ClientSession): void {
    if (!clients.delete(client)) return;
    if (client.idleTimer) clearTimeout(client.idleTimer);
    counters.ClientConnectionsClosed += 1;
    // A command still running releases its DB connection when its answer is complete (see the command queue).
    if (!client.busy) release(client);
  }

  /**
   * Secret-mode authentication: the proxy checks the client's user and password against the secret it holds
   * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html). A password that does not
   * match the cached value makes the proxy read the secret again, so a client that fetched a rotated secret gets in.
   */
  function passwordMatches(user: string, token: Buffer, scramble: Buffer): boolean {
    const matches = () =>
      user === secret.username && tokensEqual(token, nativePasswordToken(secret.password, scramble));
    if (matches()) return true;
    return refreshSecret() && matches();
  }

  async function acceptClient(socket: Socket): Promise<void> {
    counters.ClientConnectionsReceived += 1;
    const link = new PacketSocket(socket);
    const connectionId = nextId++;
    const scramble = Buffer.from(randomBytes(20).map((byte) => (byte % 94) + 33)); // printable, no NUL, as servers send
    const offered = OFFERED_CAPABILITIES | (options.tls ? Capability.SSL : 0);
    link.write(frame(0, serverGreeting({ serverVersion, connectionId, scramble, capabilities: offered })));
    let handshake = await link.next(10_000);
    let tls = false;
    if (isSslRequest(handshake.payload) && options.tls) {
      // TLS with RDS Proxy (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls).
      await link.upgradeToServerTls({ cert: options.tls.cert, key: options.tls.key });
      tls = true;
      handshake = await link.next(10_000);
    }
    const response = parseHandshakeResponse(handshake.payload);
    let sequenceId = handshake.sequenceId + 1;
    if (options.requireTls && !tls) {
      // RequireTLS: the proxy refuses connections without TLS (see README: error code chosen).
      link.end(frame(sequenceId, errorPacket(3159, 'HY000', 'This RDS Proxy requires TLS connections')));
      return;
    }
    let token = response.authToken;
    if (response.authPlugin && response.authPlugin !== NATIVE_PASSWORD_PLUGIN) {
      // Ask for mysql_native_password against the same scramble (AuthSwitchRequest).
      link.write(
        frame(
          sequenceId,
          Buffer.concat([Buffer.from([0xfe]), Buffer.from(`${NATIVE_PASSWORD_PLUGIN}\0`), scramble, Buffer.from([0])]),
        ),
      );
      const switched = await link.next(10_000);
      token = switched.payload;
      sequenceId = switched.sequenceId + 1;
    }
    if (!passwordMatches(response.user, token, scramble)) {
      counters.ClientConnectionsSetupFailedAuth += 1;
      const message = `Access denied for user '${response.user}'@'${socket.remoteAddress ?? 'localhost'}' (using password: ${token.length > 0 ? 'YES' : 'NO'})`;
      link.end(frame(sequenceId, errorPacket(1045, '28000', message)));
      return;
    }
    const sessionCapabilities = response.capabilities & offered & SESSION_SHAPING_CAPABILITIES;
    const client: ClientSession = {
      id: connectionId,
      link,
      shape: `${sessionCapabilities}:${response.collation}`,
      sessionCapabilities,
      collation: response.collation,
      tls,
      schema: response.database,
      settings: [],
      held: undefined,
      pinnedBy: undefined,
      lostSession: undefined,
      busy: false,
      idleTimer: undefined,
    };
    if (link.closed) return;
    clients.add(client);
    counters.ClientConnectionsSetupSucceeded += 1;
    link.onClose(() => closeClient(client));
    link.write(frame(sequenceId, okPacket()));
    resetIdleTimer(client);

    // Commands run one after another, as the protocol has them; a command larger than one frame is gathered first.
    let pending: Frame[] = [];
    let queue = Promise.resolve();
    link.onFrame((part) => {
      pending.push(part);
      if (part.payload.length === MAX_FRAME_PAYLOAD) return;
      const frames = pending;
      pending = [];
      queue = queue.then(async () => {
        if (!clients.has(client)) return;
        client.busy = true;
        try {
          await handleCommand(client, frames);
        } catch {
          link.destroy();
        } finally {
          client.busy = false;
          if (clients.has(client)) resetIdleTimer(client);
          else release(client);
        }
      });
    });
  }

  // Every client socket, also those still in the handshake, so close() never waits for one.
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    acceptClient(socket).catch(() => socket.destroy());
  });
  const listen = options.listen ?? { host: '127.0.0.1', port: 0 };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  let metricsServer: HttpServer | undefined;
  let metricsUrl: string | undefined;
  if (options.metrics) {
    const httpServer = createHttpServer((request, response) => {
      if (request.method === 'GET' && request.url === '/metrics') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(metricsSnapshot()));
      } else {
        response.writeHead(404).end();
      }
    });
    metricsServer = httpServer;
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.metrics!.port, options.metrics!.host, () => resolve());
    });
    const metricsAddress = httpServer.address() as AddressInfo;
    metricsUrl = `http://${options.metrics.host}:${metricsAddress.port}/metrics`;
  }

  return {
    host: address.address,
    port: address.port,
    metricsUrl,
    metrics: metricsSnapshot,
    async close() {
      closing = true;
      poolChanged();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of [...clients]) client.link.destroy();
      for (const socket of [...sockets]) socket.destroy();
      for (const connection of [...dbConnections]) dropDbConnection(connection);
      await closed;
      if (metricsServer) {
        metricsServer.closeAllConnections();
        await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      }
    },
  };
}

/** A login of its own, closed afterwards: the target's server version and, when asked, its max_connections. */
async function probeTarget(
  options: RdsProxyLocalOptions,
  readMaxConnections: boolean,
): Promise<{ serverVersion: string; maxConnections: number | undefined }> {
  const secret = readSecret(options.secretFile);
  const { link, serverVersion } = await openDbLogin({
    host: options.target.host,
    port: options.target.port,
    user: secret.username,
    password: secret.password,
    database: undefined,
    collation: 45,
    sessionCapabilities: 0,
    targetCa: options.targetCa,
    timeoutMs: 10_000,
  });
  try {
    if (!readMaxConnections) return { serverVersion, maxConnections: undefined };
    link.write(frame(0, Buffer.from('\x03SELECT @@max_connections', 'latin1')));
    const values: string[] = [];
    let eofs = 0;
    let columns = -1;
    while (eofs < 2) {
      const { payload } = await link.next(10_000);
      if (payload[0] === 0xff) throw new Error('the target refused SELECT @@max_connections');
      if (columns < 0) columns = payload[0];
      else if (payload[0] === 0xfe && payload.length < 9) eofs += 1;
      else if (eofs === 1) {
        const [length, offset] = readLengthEncodedInteger(payload, 0);
        values.push(payload.subarray(offset, offset + length).toString('utf8'));
      }
    }
    const maxConnections = Number(values[0]);
    if (!Number.isInteger(maxConnections) || maxConnections < 1)
      throw new Error(`unexpected max_connections ${values[0]}`);
    return { serverVersion, maxConnections };
  } finally {
    link.end(frame(0, Buffer.from([Command.QUIT])));
  }
}
