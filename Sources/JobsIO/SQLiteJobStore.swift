import Foundation
import GRDB
import Jobs

/// The queue in one SQLite file, written through GRDB: WAL journal, `synchronous = FULL`, one
/// transaction per `save`, so a submission of ten thousand jobs costs one sync.
///
/// Each job is one row: its id, owner, status and times as columns (what queries filter on)
/// and the whole record as JSON (what the schedd loads back).
public final class SQLiteJobStore: JobStore {
    let database: DatabaseQueue
    public let path: String

    /// Opens (creating if needed) the queue at `path`.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // FULL: a transaction is on disk when COMMIT returns, so an acknowledged
            // submission survives a power cut, not only kill -9.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                INSERT INTO counters VALUES ('cluster', 0);
                CREATE TABLE jobs (
                    cluster INTEGER NOT NULL,
                    proc INTEGER NOT NULL,
                    owner TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    submitted INTEGER NOT NULL,
                    completed INTEGER,
                    record BLOB NOT NULL,
                    PRIMARY KEY (cluster, proc)
                );
                CREATE INDEX jobs_by_status ON jobs (status);
                """)
        }
        return migrator
    }

    public func load() throws -> (jobs: [JobRecord], lastCluster: Int) {
        try database.read { db in
            let decoder = JSONDecoder()
            let rows = try Row.fetchAll(db, sql: "SELECT record FROM jobs WHERE status NOT IN (3, 4) ORDER BY cluster, proc")
            let jobs = try rows.map { row -> JobRecord in
                let data: Data = row["record"]
                return try decoder.decode(JobRecord.self, from: data)
            }
            let last = try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'cluster'") ?? 0
            return (jobs, last)
        }
    }

    public func newCluster() throws -> Int {
        try database.write { db in
            try db.execute(sql: "UPDATE counters SET value = value + 1 WHERE name = 'cluster'")
            return try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'cluster'") ?? 1
        }
    }

    public func save(_ records: [JobRecord]) throws {
        guard !records.isEmpty else { return }
        let encoder = JSONEncoder()
        let encoded = try records.map { ($0, try encoder.encode($0)) }
        try database.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO jobs (cluster, proc, owner, status, submitted, completed, record)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (record, data) in encoded {
                try statement.execute(arguments: [
                    record.id.cluster, record.id.proc, record.owner, record.status.rawValue,
                    record.submittedAt, record.completedAt, data,
                ])
            }
        }
    }

    public func history(limit: Int) throws -> [JobRecord] {
        try database.read { db in
            let decoder = JSONDecoder()
            let rows = try Row.fetchAll(
                db, sql: "SELECT record FROM jobs WHERE status IN (3, 4) ORDER BY completed DESC, cluster DESC, proc DESC LIMIT ?",
                arguments: [limit])
            return try rows.map { row in
                let data: Data = row["record"]
                return try decoder.decode(JobRecord.self, from: data)
            }
        }
    }
}
