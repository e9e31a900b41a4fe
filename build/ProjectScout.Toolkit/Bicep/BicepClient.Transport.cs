using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>The JSON-RPC transport over the process's stdin/stdout: framed requests, the read loop, stderr and failure.</summary>
public sealed partial class BicepClient
{
    private async Task<JsonNode?> CallAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_fault is { } fault)
        {
            throw new BicepRpcException(method, fault.Message, fault);
        }

        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        var body = Utf8.GetBytes(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = parameters,
        }.ToJsonString());
        var header = Utf8.GetBytes($"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _input.WriteAsync(header, cancellationToken);
            await _input.WriteAsync(body, cancellationToken);
            await _input.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _pending.TryRemove(id, out _);
            throw new BicepRpcException(method, "the Bicep process is gone. " + StderrTail(), ex);
        }
        finally
        {
            _writeLock.Release();
        }

        await using var registration = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(id, out var cancelled))
            {
                cancelled.TrySetCanceled(cancellationToken);
            }
        });

        var answer = await completion.Task;
        if (answer?["error"] is JsonObject error)
        {
            var message = (string?)error["message"] ?? error.ToJsonString();
            throw new BicepRpcException(method, message);
        }

        return answer?["result"];
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var length = await ReadHeaderAsync();
                if (length < 0)
                {
                    break;
                }

                var buffer = new byte[length];
                await _output.ReadExactlyAsync(buffer);
                var message = JsonNode.Parse(buffer);
                if (message?["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var id) && _pending.TryRemove(id, out var completion))
                {
                    completion.TrySetResult(message);
                }

                // Notifications and answers to cancelled calls are dropped on purpose.
            }

            Fail(new IOException("the Bicep process closed its output. " + StderrTail()));
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Reads <c>Header: value\r\n</c> lines up to the blank line; returns Content-Length, or -1 at end of stream.</summary>
    private async Task<int> ReadHeaderAsync()
    {
        var length = -1;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var read = await _output.ReadAsync(one);
            if (read == 0)
            {
                return -1;
            }

            if (one[0] == (byte)'\n')
            {
                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    if (length >= 0)
                    {
                        return length;
                    }

                    continue;
                }

                var colon = text.IndexOf(':');
                if (colon > 0 && text[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(text[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
                }
            }
            else
            {
                line.Append((char)one[0]);
            }
        }
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_stderrTail)
                {
                    _stderrTail.AppendLine(line);
                    if (_stderrTail.Length > 4000)
                    {
                        _stderrTail.Remove(0, _stderrTail.Length - 4000);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // stderr is only kept for error messages.
        }
    }

    private string StderrTail()
    {
        lock (_stderrTail)
        {
            var text = _stderrTail.ToString().Trim();
            return text.Length == 0 ? string.Empty : "stderr: " + text;
        }
    }

    private void Fail(Exception ex)
    {
        _fault ??= ex;
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var completion))
            {
                completion.TrySetException(new BicepRpcException("jsonrpc", ex.Message, ex));
            }
        }
    }
}
