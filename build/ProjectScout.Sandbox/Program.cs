// Filled in by the sandbox issue: serves ARM and Databricks endpoints on loopback.
return 0;
