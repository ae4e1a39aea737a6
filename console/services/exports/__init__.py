"""Leadership workbooks and the standalone map file: gathers the features' data, hands it to the writers."""
