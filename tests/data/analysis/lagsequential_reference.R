library(LagSequential, lib.loc="/tmp/analysis_r/lib")
out <- "/work/wt/analysis/tests/data/analysis/"
data(data_sequential)
seqv <- as.numeric(unlist(data_sequential))
norep <- seqv[c(TRUE, diff(seqv) != 0)]
bq <- c(2,1,4,3,3,4,3,4,2,1,4,4,5,4,1,3,4,5,3,2,2,1,4,1,2,
5,2,1,2,3,3,1,4,4,1,4,1,3,3,3,1,5,2,1,1,3,1,4,1,2,
3,3,4,5,5,2,3,3,5,2,5,4,4,2,3,1,5,5,2,2,1,3,3,3,3)
gg <- t(matrix(c(0,0,0,0,2,2, 0,10,5,5,60,20, 0,9,2,1,3,0, 0,3,0,1,5,0, 3,54,6,2,24,8, 1,24,2,1,3,12), 6, 6))
dump1 <- function(name, res, lrdf) {
  for (f in c("freqs","expfreqs","probs","adjres","p","YulesQ")) {
    write.table(round(res[[f]], 10), file=paste0(out, name, "_", f, ".csv"), sep=",", row.names=FALSE, col.names=FALSE)
  }
  write.table(res$chi, file=paste0(out, name, "_lrx2.csv"), sep=",", row.names=FALSE, col.names=FALSE)
}
sink("/dev/null")
r1 <- sequential(seqv, lag=1)
r2 <- sequential(seqv, lag=2)
r3 <- sequential(gg, adjacent=TRUE)
r4 <- sequential(bq, lag=1)
r5 <- sequential(norep, lag=1, adjacent=FALSE)
sink()
dump1("lagseq_data_sequential_lag1", r1)
dump1("lagseq_data_sequential_lag2", r2)
dump1("lagseq_griffin_gottman", r3)
dump1("lagseq_bq2011_p159", r4)
dump1("lagseq_norepeat_lag1", r5)
writeLines(paste(seqv, collapse=" "), paste0(out, "data_sequential.txt"))
writeLines(paste(norep, collapse=" "), paste0(out, "data_sequential_norepeat.txt"))
writeLines(paste(bq, collapse=" "), paste0(out, "bq2011_p159.txt"))
write.table(gg, file=paste0(out, "griffin_gottman_counts.csv"), sep=",", row.names=FALSE, col.names=FALSE)
print(names(r1)); print(r1$chi); print(r5$chi)
