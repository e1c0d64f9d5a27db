"""The coding timeline: pure geometry (timeline_model), painting (timeline_view), audio peaks (waveform)."""
