//! Reading a PostgreSQL store: a read-only transaction (`START
//! TRANSACTION READ ONLY`: the server refuses any write through it), one
//! statement bound to a portal — a server-side cursor — fetched in batches,
//! so neither side holds the whole result. The server writes each row as
//! JSON (`row_to_json`): JSON and JSONB columns nested, numerics exact,
//! times in ISO 8601, `bytea` as `\x` hex (which the envelope decodes).
//!
//! Connection settings follow libpq's conventions as far as they go: the
//! URL first, then `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
//! `PGDATABASE`, `PGSSLMODE` and `~/.pgpass` (or `PGPASSFILE`) for what it
//! leaves out; `sslmode` is `disable`, `prefer` (the default) or
//! `require`, which, as in libpq, encrypts without checking the server's
//! certificate.

use super::query::Plan;
use super::request::DbError;
use postgres::config::{Host, SslMode};
use postgres::{Client, Config};

/// Rows fetched from the cursor at a time: each fetch is a round trip,
/// and 2,000 a fetch read 1M rows in 4–5 s where 20,000 take 3 s
/// (BENCHMARKS.md); at a few hundred bytes a row, a few MB held.
const BATCH: i32 = 20_000;

/// A connection's settings, and the password (to scrub from messages).
pub struct Target {
    config: Config,
    secret: Option<String>,
    pub name: String,
}

/// An error and its causes, on one line.
fn chain(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

/// Reads `url` and fills what it leaves out from the environment.
pub fn target(url: &str, name: &str) -> Result<Target, DbError> {
    let secret = super::url::password_of(url).pop();
    let mut config: Config = url.parse().map_err(|e: postgres::Error| {
        DbError::new(
            &format!("cannot read the URL {name}"),
            &chain(&e),
            secret.as_deref(),
        )
    })?;
    if config.get_hosts().is_empty() {
        let host = env("PGHOST").unwrap_or_else(|| "/var/run/postgresql".into());
        config.host(&host);
    }
    if config.get_ports().is_empty() {
        if let Some(port) = env("PGPORT").and_then(|p| p.parse().ok()) {
            config.port(port);
        }
    }
    if config.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_dbname().is_none() {
        if let Some(db) = env("PGDATABASE") {
            config.dbname(&db);
        }
    }
    if !url.contains("sslmode=") {
        match env("PGSSLMODE").as_deref() {
            Some("disable") => config.ssl_mode(SslMode::Disable),
            Some("require") => config.ssl_mode(SslMode::Require),
            _ => &mut config,
        };
    }
    if config.get_application_name().is_none() {
        // So that an administrator sees who is reading (pg_stat_activity).
        config.application_name("rewind");
    }
    let mut secret = secret;
    if config.get_password().is_none() {
        if let Some(pw) = env("PGPASSWORD").or_else(|| pgpass(&config)) {
            config.password(pw.as_str());
            secret = Some(pw);
        }
    }
    Ok(Target {
        config,
        secret,
        name: name.to_owned(),
    })
}

/// The password `~/.pgpass` (or `PGPASSFILE`) gives for this connection:
/// the first line `host:port:database:user:password` that matches, `*`
/// matching anything.
fn pgpass(config: &Config) -> Option<String> {
    let path = env("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| env("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or("").to_owned();
    let db = config.get_dbname().unwrap_or(&user).to_owned();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let fields: Vec<&str> = line.splitn(5, ':').collect();
            let [h, p, d, u, pw] = fields[..] else {
                return None;
            };
            let ok = |pat: &str, v: &str| pat == "*" || pat == v;
            (ok(h, &host) && ok(p, &port) && ok(d, &db) && ok(u, &user)).then(|| pw.to_owned())
        })
}

impl Target {
    /// One line for `e`, naming `what` failed, without the password.
    pub fn error(&self, what: &str, e: &postgres::Error) -> DbError {
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_owned(),
            None => chain(e),
        };
        DbError::new(
            &format!("{what} {}", self.name),
            &detail,
            self.secret.as_deref(),
        )
    }

    /// Connects (with TLS when the server offers it or `sslmode` requires it).
    pub fn connect(&self) -> Result<Client, DbError> {
        let tls = native_tls::TlsConnector::builder()
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()
            .map_err(|e| DbError::new("cannot set up TLS", &e.to_string(), None))?;
        let tls = postgres_native_tls::MakeTlsConnector::new(tls);
        self.config
            .connect(tls)
            .map_err(|e| self.error("cannot connect to", &e))
    }
}

/// Runs `plan` (past `after`) in a read-only transaction, fetching rows
/// from a portal in batches and handing each row's JSON to `sink`; returns
/// the last position read.
pub fn read(
    client: &mut Client,
    target: &Target,
    plan: &Plan,
    last: &mut Option<String>,
    sink: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> Result<(), DbError> {
    let fail = |e: &postgres::Error| target.error("cannot read", e);
    let sql = plan
        .sql(last.clone().as_deref())
        .map_err(|e| DbError::new(&format!("cannot read {}", target.name), &e, None))?;
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| fail(&e))?;
    // Times as RFC 3339 in UTC, whatever the server's zone.
    tx.batch_execute("SET LOCAL TIME ZONE 'UTC'")
        .map_err(|e| fail(&e))?;
    let portal = tx.bind(sql.as_str(), &[]).map_err(|e| fail(&e))?;
    loop {
        let rows = tx.query_portal(&portal, BATCH).map_err(|e| fail(&e))?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let json: Option<&str> = row.try_get(0).map_err(|e| fail(&e))?;
            sink(json.unwrap_or("null")).map_err(|e| {
                DbError::new(
                    &format!("cannot read {}", target.name),
                    &e.to_string(),
                    None,
                )
            })?;
            if plan.position.is_some() {
                if let Ok(Some(p)) = row.try_get::<_, Option<&str>>(1) {
                    *last = Some(p.to_owned());
                }
            }
        }
        if rows.len() < BATCH as usize {
            break;
        }
    }
    tx.commit().map_err(|e| fail(&e))?;
    Ok(())
}
