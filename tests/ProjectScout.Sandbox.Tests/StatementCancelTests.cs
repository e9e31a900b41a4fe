using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// The statement state machine under POST …/cancel, over HTTPS: a cancel acknowledges with an empty 200 whatever the
/// state; a PENDING statement ends CANCELED; a finished one keeps its state; GET and cancel racing on the same
/// statements only ever show PENDING → one terminal state that never changes.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class StatementCancelTests() : SandboxFixture("sandbox-statement-cancel")
{
    private string _warehouse = "";

    protected override async Task StartedAsync()
    {
        var created = await Client.PostJsonAsync("api/2.0/sql/warehouses", new JsonObject { ["name"] = "cancel", ["cluster_size"] = "2X-Small", ["auto_stop_mins"] = 10 });
        _warehouse = (string)created.Body!["id"]!;
        Assert.That((string?)(await Submit("CREATE CATALOG IF NOT EXISTS c", "30s")).Body!["status"]!["state"], Is.EqualTo("SUCCEEDED"));
    }

    [Test]
    public async Task A_cancel_ends_a_PENDING_statement_CANCELED_and_leaves_a_finished_one_as_it_was()
    {
        var pending = (string)(await Submit("CREATE SCHEMA IF NOT EXISTS c.one", "0s")).Body!["statement_id"]!;
        var cancel = await Cancel(pending);
        Assert.That((cancel.Status, cancel.Body?.ToJsonString() ?? "{}"), Is.EqualTo((HttpStatusCode.OK, "{}")), "the service's empty acknowledgement");
        Assert.That(await State(pending), Is.EqualTo("CANCELED"));
        Assert.That(await State(pending), Is.EqualTo("CANCELED"), "a canceled statement stays canceled");

        var succeeded = (string)(await Submit("CREATE SCHEMA IF NOT EXISTS c.two", "30s")).Body!["statement_id"]!;
        Assert.That((await Cancel(succeeded)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await State(succeeded), Is.EqualTo("SUCCEEDED"), "a finished statement keeps its state");

        var failed = (string)(await Submit("DROP TABLE c.x.y", "30s")).Body!["statement_id"]!;
        Assert.That((await Cancel(failed)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await State(failed), Is.EqualTo("FAILED"));

        var delivered = (string)(await Submit("CREATE SCHEMA IF NOT EXISTS c.three", "0s")).Body!["statement_id"]!;
        Assert.That(await State(delivered), Is.EqualTo("SUCCEEDED"));
        await Cancel(delivered);
        Assert.That(await State(delivered), Is.EqualTo("SUCCEEDED"), "a cancel after the result was delivered changes nothing");

        var missing = await Cancel("01f0nothing");
        Assert.That((missing.Status, missing.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")));
    }

    [Test]
    public async Task Concurrent_gets_and_cancels_only_ever_see_one_terminal_state_per_statement()
    {
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((string)(await Submit($"CREATE SCHEMA IF NOT EXISTS c.race{i}", "0s")).Body!["statement_id"]!);
        }

        var seen = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var work = ids.SelectMany(id => Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var round = 0; round < 3; round++)
            {
                if ((worker + round) % 2 == 0)
                {
                    Assert.That((await Cancel(id)).Status, Is.EqualTo(HttpStatusCode.OK));
                }
                else
                {
                    seen.GetOrAdd(id, _ => new()).Enqueue(await State(id) ?? "(none)");
                }
            }
        }));
        await Task.WhenAll(work);

        foreach (var id in ids)
        {
            var final = await State(id);
            Assert.That(final, Is.AnyOf("SUCCEEDED", "CANCELED"), "a raced PENDING statement ends in one of the two");
            Assert.That(seen[id].Distinct(), Is.EqualTo(new[] { final }), $"every GET of {id} saw the one terminal state it kept");
        }
    }

    private Task<Reply> Submit(string statement, string wait) =>
        Client.PostJsonAsync("api/2.0/sql/statements", new JsonObject { ["warehouse_id"] = _warehouse, ["statement"] = statement, ["wait_timeout"] = wait });

    private Task<Reply> Cancel(string id) => Client.PostJsonAsync($"api/2.0/sql/statements/{id}/cancel", new JsonObject());

    private async Task<string?> State(string id) => (string?)(await Client.GetJsonAsync("api/2.0/sql/statements/" + id)).Body!["status"]!["state"];
}
