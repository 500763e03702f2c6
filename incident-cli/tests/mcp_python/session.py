"""A scripted session against `incident mcp` with the official Python MCP SDK.

Usage: python session.py INCIDENT_BINARY LOG_PATH  (INCIDENT_NOW in the environment fixes "now").
Prints "session ok" when every step behaved; any failed check raises and exits non-zero.
"""

import asyncio
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

WRITE_TOOLS = {
    "create_incident",
    "acknowledge",
    "resolve",
    "set_field",
    "add_follow_up",
    "complete_follow_up",
    "add_related_log",
    "evaluate_trigger",
}
READ_TOOLS = {
    "list_incidents",
    "get_incident",
    "check_log",
    "sla_status",
    "list_actions",
    "get_report",
    "explain_log",
}


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


async def call(session, name, arguments):
    result = await session.call_tool(name, arguments)
    expect(not result.is_error, f"{name} failed: {result.content}")
    expect(isinstance(result.structured_content, dict), f"{name}: no structured content")
    return result.structured_content


async def main(binary, log):
    params = StdioServerParameters(
        command=binary,
        args=["-f", log, "mcp", "--allow-write"],
        env={"INCIDENT_NOW": os.environ.get("INCIDENT_NOW", "2026-03-02T12:00:00Z")},
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            info = await session.initialize()
            expect(info.server_info.name == "incident", f"server name {info.server_info}")

            tools = {t.name: t for t in (await session.list_tools()).tools}
            expect(set(tools) == READ_TOOLS | WRITE_TOOLS, f"tools {sorted(tools)}")
            expect(
                "severity" in tools["create_incident"].input_schema["properties"],
                "create_incident schema",
            )

            created = await call(
                session,
                "create_incident",
                {
                    "title": "Python SDK incident",
                    "severity": "HIGH",
                    "category": "CLUSTER_FAILURE",
                    "detected": "2026-03-02T11:00:00Z",
                    "reported_by": "python-sdk",
                    "dedup_key": "python-sdk",
                },
            )
            expect(created["created"] is True, f"created {created}")
            incident_id = created["incident"]["id"]
            expect("+### Reported By: python-sdk" in created["diff"], created["diff"])

            again = await call(
                session,
                "create_incident",
                {"title": "Python SDK incident", "severity": "HIGH", "dedup_key": "python-sdk"},
            )
            expect(again["created"] is False and again["incident"]["id"] == incident_id, "dedup")

            acked = await call(
                session, "acknowledge", {"id": incident_id, "at": "2026-03-02T11:05:00Z"}
            )
            expect(acked["response_status"] == "met", f"response status {acked}")

            bad = await session.call_tool("acknowledge", {"id": incident_id, "at": "soon"})
            expect(bad.is_error, "a bad timestamp is a tool error")

            check = await call(session, "check_log", {})
            expect({"findings", "errors", "warnings"} <= set(check), f"check {check}")
            expect(
                any(f["incident"] == incident_id for f in check["findings"]),
                "check names the new incident",
            )

            report = await call(session, "get_report", {"since": "2026-03-01"})
            expect(isinstance(report, dict) and report, f"report {report}")

            policy = await session.read_resource("incident://policy")
            expect("severities" in policy.contents[0].text, "policy resource")
    print("session ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
