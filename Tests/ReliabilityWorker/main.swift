// Placeholder: the reliability helper writes the worker.
print("ReliabilityWorker")
