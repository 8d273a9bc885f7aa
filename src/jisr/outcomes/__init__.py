"""What came of the meetings: attendance, feedback, the pipeline and success stories."""
