// The slow fixtures here drive whole deploys (their own copy of the inputs, their own sandbox state, child processes):
// they are marked Parallelizable so their waits overlap; everything else runs one at a time as before.
[assembly: LevelOfParallelism(3)]
