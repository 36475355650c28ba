/* timer.h -- monotonic wall-clock seconds for progress and benchmarks. */
#ifndef NMFI_TIMER_H
#define NMFI_TIMER_H

double nmfi_now(void);

#endif
