"""Click commands, one module per concern; registered in oscb_graph.cli.COMMANDS."""
