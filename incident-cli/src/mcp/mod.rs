//! `incident mcp`: a Model Context Protocol server on stdio over one log: a file, or a
//! directory of postmortems read as one.
//!
//! It calls the libraries only (never the command code): reads go through
//! [`incident_md::fs::LogOnDisk::read`] (every file of a directory, findings and records
//! naming their file), writes through [`incident_md::fs::LogFile::edit`] on the one file that
//! holds the incident (the CLI's lock and atomic save); `create_incident` on a directory writes
//! a new file ([`incident_md::fs::LogDir::create`]). Write tools are listed only with `--allow-write` or
//! `mcp.allow-write = true` in `.incident.toml`.
//!
//! One file per group: [`read`] and [`write`] tools, [`resources`] (resources and the prompt),
//! [`reply`] (structured results and tool errors), [`args`] (input types with their schemas),
//! [`transport`] (stdio, answering a line that is not JSON with a parse error).
//! `check_log` finds sibling files with [`incident_md::fs::siblings`], as `incident check` does.

mod args;
mod read;
mod reply;
mod resources;
mod transport;
mod write;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use incident_core::BusinessCalendar;
use incident_md::Order;
use incident_md::fs::config_for_log;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, GetPromptRequestParams,
    GetPromptResponse, Implementation, ListPromptsResult, ListResourcesResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};

use crate::error::CliError;

/// What every tool needs: the log, the team's calendar and order, and "now".
#[derive(Debug)]
pub struct Settings {
    /// The log.
    pub path: PathBuf,
    /// The team's business calendar, from `.incident.toml`.
    pub calendar: BusinessCalendar,
    /// Entry order for new incidents.
    pub order: Order,
    /// A fixed current time (`--now`, `INCIDENT_NOW`), else the clock.
    pub now: Option<DateTime<Utc>>,
    /// Whether the write tools are served.
    pub allow_write: bool,
}

impl Settings {
    /// Reads `.incident.toml` beside the log: calendar, order and `[mcp] allow-write` (which
    /// the flag can only turn on).
    pub fn new(
        path: PathBuf,
        now: Option<DateTime<Utc>>,
        allow_write: bool,
    ) -> Result<Settings, CliError> {
        let (config, calendar) = config_for_log(&path)?;
        let (order, config_allows) = (
            config.order.unwrap_or_default(),
            config.mcp.allow_write.unwrap_or(false),
        );
        Ok(Settings {
            path,
            calendar,
            order,
            now,
            allow_write: allow_write || config_allows,
        })
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(crate::clock::now)
    }
}

/// The server: settings shared by every call, and the tools it lists.
#[derive(Clone)]
pub struct IncidentServer {
    settings: Arc<Settings>,
    tool_router: ToolRouter<IncidentServer>,
}

impl IncidentServer {
    /// A server over `settings.path`; the write tools are routed only when allowed.
    pub fn new(settings: Settings) -> IncidentServer {
        let mut tool_router = Self::read_router();
        if settings.allow_write {
            tool_router += Self::write_router();
        }
        IncidentServer {
            settings: Arc::new(settings),
            tool_router,
        }
    }

    /// Runs `work` on tokio's blocking pool: file reads and the log's lock must not stall the
    /// other requests in flight.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Settings) -> T + Send + 'static,
    ) -> Result<T, ErrorData> {
        let settings = Arc::clone(&self.settings);
        tokio::task::spawn_blocking(move || work(&settings))
            .await
            .map_err(|e| ErrorData::internal_error(format!("tool task failed: {e}"), None))
    }
}

impl ServerHandler for IncidentServer {
    fn get_info(&self) -> ServerConfig {
        let mode = if self.settings.allow_write {
            "Write tools are enabled; every write returns the incident after the change and its unified diff."
        } else {
            "Read-only: start `incident mcp --allow-write` to get the write tools."
        };
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_server_info(Implementation::new("incident", env!("CARGO_PKG_VERSION")))
        .with_instructions(format!(
            "Incident log {}. Read incident://policy before writing: severities, response \
             times, categories, triggers and requirements. The prompt `log_incident` walks \
             through a complete entry. {mode}",
            self.settings.path.display()
        ))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if !self.tool_router.has_route(&request.name) && write::TOOLS.contains(&&*request.name) {
            return Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                "`{}` is a write tool and this server is read-only: restart it as `incident mcp \
                 --allow-write`, or set `allow-write = true` in the [mcp] table of .incident.toml",
                request.name
            ))])
            .into());
        }
        self.tool_router
            .call(ToolCallContext::new(self, request, context))
            .await
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<rmcp::model::ListToolsResult, ErrorData> {
        Ok(rmcp::model::ListToolsResult::with_all_items(
            self.tool_router.list_all(),
        ))
    }

    fn get_tool(&self, name: &str) -> Option<rmcp::model::Tool> {
        self.tool_router.get(name).cloned()
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri;
        self.blocking(move |s| resources::read(s, &uri))
            .await?
            .map(Into::into)
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        Ok(ListPromptsResult::with_all_items(resources::prompts()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        resources::get_prompt(&request).map(Into::into)
    }
}

/// `incident mcp`: serves until the client closes standard input.
pub fn run(settings: Settings) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let stdio = transport::wrap(tokio::io::stdin(), tokio::io::stdout());
        let server = IncidentServer::new(settings)
            .serve((stdio.reader, stdio.writer))
            .await
            .map_err(|e| CliError::Usage(format!("MCP session could not start: {e}")))?;
        server
            .waiting()
            .await
            .map_err(|e| CliError::Usage(format!("MCP session failed: {e}")))?;
        // The last replies are written once rmcp has closed its end.
        stdio
            .written
            .await
            .map_err(|e| CliError::Usage(format!("MCP output failed: {e}")))??;
        Ok(())
    })
}
