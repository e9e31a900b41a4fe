// Every fixture works in its own scratch copy of the inputs with its own sandbox state (see SharedRunResources), so
// fixtures run side by side; the whole-deploy fixtures run their tests side by side too. Most of their time is spent
// waiting on HTTP, delays and child processes, so a few more workers than the machine's two cores pay off.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(6)]
