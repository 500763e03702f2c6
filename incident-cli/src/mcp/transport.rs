//! The stdio transport, with JSON-RPC parse errors: rmcp drops a line that is not JSON without a
//! word (so that a peer echoing replies back as garbage cannot start an error storm), but issue 14
//! asks for `-32700 Parse error` with `id: null`, as JSON-RPC 2.0 specifies, and the session
//! going on. So standard input is read here line by line: a line that is JSON goes on to rmcp
//! unchanged, one that is not is answered here. Our reply is itself valid JSON, so an echo of it
//! is forwarded rather than answered again, and no storm can start.
//!
//! Every line written goes through one task, which writes rmcp's lines and ours whole and one
//! at a time, so a reply can never land inside another.

use std::io;

use serde::de::IgnoredAny;
use serde_json::json;
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The longest line read, as rmcp's own limit; a longer one is a parse error.
const MAX_LINE: usize = rmcp::transport::async_rw::DEFAULT_MAX_LINE_LENGTH;
/// The buffer of each in-memory pipe between this module and rmcp.
const PIPE_BYTES: usize = 64 * 1024;
/// JSON-RPC 2.0's code for input that is not JSON.
const PARSE_ERROR: i32 = -32700;

/// The transport's ends, and the task that writes to `output`.
pub struct Wrapped {
    /// What rmcp reads: the lines of `input` that are JSON.
    pub reader: DuplexStream,
    /// What rmcp writes; its lines reach `output`.
    pub writer: DuplexStream,
    /// The writing task; it ends once rmcp has closed `writer` and everything is written.
    pub written: JoinHandle<io::Result<()>>,
}

/// Wraps `input` and `output` (standard input and output) for rmcp; the tasks are spawned on the
/// current runtime.
pub fn wrap<R, W>(input: R, output: W) -> Wrapped
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (reader, to_rmcp) = tokio::io::duplex(PIPE_BYTES);
    let (writer, from_rmcp) = tokio::io::duplex(PIPE_BYTES);
    let (errors, error_replies) = mpsc::channel(64);
    tokio::spawn(read_lines(input, to_rmcp, errors));
    let written = tokio::spawn(write_lines(from_rmcp, error_replies, output));
    Wrapped {
        reader,
        writer,
        written,
    }
}

/// The reply to a line that is not JSON: `message` says why.
fn parse_error(message: &str) -> Vec<u8> {
    let reply = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": PARSE_ERROR, "message": format!("Parse error: {message}") },
    });
    let mut line = reply.to_string().into_bytes();
    line.push(b'\n');
    line
}

/// Reads `input` a line at a time until it ends (or rmcp stops reading): JSON goes to rmcp,
/// anything else is answered through `errors`; blank lines are skipped, as rmcp skips them.
async fn read_lines<R: AsyncRead + Unpin>(
    input: R,
    mut to_rmcp: DuplexStream,
    errors: mpsc::Sender<Vec<u8>>,
) -> io::Result<()> {
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        line.clear();
        if (&mut input)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .await?
            == 0
        {
            return Ok(());
        }
        let reply = if !line.ends_with(b"\n") && line.len() > MAX_LINE {
            skip_rest_of_line(&mut input).await?;
            Some(parse_error(&format!("line longer than {MAX_LINE} bytes")))
        } else {
            let text = line.strip_suffix(b"\n").unwrap_or(&line);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<IgnoredAny>(text) {
                Ok(_) => {
                    to_rmcp.write_all(text).await?;
                    to_rmcp.write_all(b"\n").await?;
                    None
                }
                Err(e) => Some(parse_error(&e.to_string())),
            }
        };
        if let Some(reply) = reply
            && errors.send(reply).await.is_err()
        {
            return Ok(());
        }
    }
}

/// Discards `input` up to and including the next newline, in bounded pieces.
async fn skip_rest_of_line<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> io::Result<()> {
    let mut piece = Vec::new();
    loop {
        piece.clear();
        let n = (&mut *input)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut piece)
            .await?;
        if n == 0 || piece.ends_with(b"\n") {
            return Ok(());
        }
    }
}

/// Writes rmcp's lines and the parse-error replies to `output`, each whole, until rmcp closes.
async fn write_lines<W: AsyncWrite + Unpin>(
    from_rmcp: DuplexStream,
    mut error_replies: mpsc::Receiver<Vec<u8>>,
    mut output: W,
) -> io::Result<()> {
    let mut from_rmcp = BufReader::new(from_rmcp);
    // Kept across iterations: a read interrupted by a reply leaves its bytes here, whole lines
    // only are written.
    let mut line = Vec::new();
    loop {
        tokio::select! {
            read = from_rmcp.read_until(b'\n', &mut line) => {
                if read? == 0 {
                    break;
                }
                output.write_all(&line).await?;
                line.clear();
            }
            Some(reply) = error_replies.recv() => output.write_all(&reply).await?,
        }
        output.flush().await?;
    }
    output.write_all(&line).await?;
    output.flush().await
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    use super::*;

    /// Feeds `input` through the wrapper with an echoing rmcp stand-in that writes back each
    /// line it reads; returns what reached the output, line by line.
    async fn through(input: &[u8]) -> Vec<Value> {
        let (mut client, server_in) = tokio::io::duplex(PIPE_BYTES);
        let (server_out, client_out) = tokio::io::duplex(PIPE_BYTES);
        let wrapped = wrap(server_in, server_out);
        client.write_all(input).await.unwrap();
        drop(client);
        let (mut reader, mut writer) = (BufReader::new(wrapped.reader), wrapped.writer);
        let mut line = String::new();
        while reader.read_line(&mut line).await.unwrap() > 0 {
            writer.write_all(line.as_bytes()).await.unwrap();
            line.clear();
        }
        drop(writer);
        wrapped.written.await.unwrap().unwrap();
        let mut lines = BufReader::new(client_out).lines();
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            out.push(serde_json::from_str(&line).unwrap());
        }
        out
    }

    fn is_parse_error(v: &Value) -> bool {
        v["jsonrpc"] == "2.0"
            && v["id"].is_null()
            && v["error"]["code"] == PARSE_ERROR
            && v["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("Parse error: "))
    }

    #[tokio::test]
    async fn json_lines_pass_and_the_others_are_answered() {
        let out = through(b"{\"a\":1}\n{not json\n\n  \r\n[1, 2\n{\"b\":2}\r\n").await;
        let passed: Vec<&Value> = out.iter().filter(|v| !is_parse_error(v)).collect();
        assert_eq!(passed, [&json!({"a": 1}), &json!({"b": 2})]);
        assert_eq!(out.iter().filter(|v| is_parse_error(v)).count(), 2);
        assert_eq!(out.len(), 4);
    }

    #[tokio::test]
    async fn the_parse_error_says_where() {
        let out = through(b"{\"a\":\n").await;
        assert_eq!(out.len(), 1);
        assert!(is_parse_error(&out[0]));
        assert!(
            out[0]["error"]["message"]
                .as_str()
                .unwrap()
                .contains("line 1 column"),
            "{out:?}"
        );
    }

    #[tokio::test]
    async fn an_echoed_reply_is_passed_on_not_answered_again() {
        let echo = parse_error("x");
        let out = through(&echo).await;
        assert_eq!(out.len(), 1);
        assert!(is_parse_error(&out[0]));
        assert_eq!(out[0]["error"]["message"], "Parse error: x");
    }

    #[tokio::test]
    async fn a_last_line_without_newline_still_counts() {
        assert_eq!(through(b"{\"a\":1}").await, [json!({"a": 1})]);
        let out = through(b"nope").await;
        assert!(out.len() == 1 && is_parse_error(&out[0]), "{out:?}");
    }
}
