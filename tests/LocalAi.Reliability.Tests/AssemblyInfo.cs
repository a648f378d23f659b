// The soaks measure the whole test process (RSS, descriptors, threads): nothing else may run beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
