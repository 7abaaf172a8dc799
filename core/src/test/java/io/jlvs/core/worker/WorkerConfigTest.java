package io.jlvs.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    @Test
    void timerWheelGrowsWithTheTableUpToA262SecondRevolution() {
        assertThat(WorkerConfig.timerBucketsFor(1)).isEqualTo(1 << 12);
        assertThat(WorkerConfig.timerBucketsFor(1 << 14)).isEqualTo(1 << 12);
        assertThat(WorkerConfig.timerBucketsFor(100_000)).isEqualTo(1 << 14);
        assertThat(WorkerConfig.timerBucketsFor(1 << 20)).isEqualTo(1 << 18);
        assertThat(WorkerConfig.timerBucketsFor(10_000_000)).isEqualTo(1 << 18);
        assertThat(WorkerConfig.timerBucketsFor(1 << 30)).isEqualTo(1 << 18);
        for (int cap = 1; cap > 0 && cap <= 1 << 30; cap = cap * 3 + 1) {
            int b = WorkerConfig.timerBucketsFor(cap);
            assertThat(Integer.bitCount(b)).as("capacity %d", cap).isOne();
            // At most a byte of bucket heads per connection beyond the smallest wheel.
            assertThat(b == 1 << 12 || 4L * b <= cap).as("capacity %d", cap).isTrue();
        }
    }

    @Test
    void defaultsAndCapacityChangesKeepTheWheelMatched() {
        WorkerConfig d = WorkerConfig.defaults();
        assertThat(d.timerBuckets()).isEqualTo(WorkerConfig.timerBucketsFor(d.connCapacity()));
        WorkerConfig small = d.withConnCapacity(1024);
        assertThat(small.timerBuckets()).isEqualTo(1 << 12);
        assertThat(small.withSeed(9).timerBuckets()).isEqualTo(1 << 12);
        assertThat(d.withConnCapacity(4 << 20).timerBuckets()).isEqualTo(1 << 18);
    }
}
