"""The virtual assistant, Qt-free: speech models, recognition, understanding, answers, speech out."""
