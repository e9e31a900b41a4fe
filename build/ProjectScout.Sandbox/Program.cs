using ProjectScout.Sandbox;

// Standalone sandbox: `dotnet run --project build/ProjectScout.Sandbox -- [--state-dir DIR] [--arm-port N] [--databricks-port N] [--faults FILE]`.
return await SandboxProgram.RunAsync(args, Console.Out);
