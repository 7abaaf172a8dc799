/**
 * libc through {@code java.lang.foreign}: downcall handles made once ({@link
 * io.jlvs.linux.libc.Libc}), errno captured per call, errno names and texts ({@link
 * io.jlvs.linux.libc.Errno}), the layer's one error type ({@link
 * io.jlvs.linux.libc.LinuxException}) and thread pinning ({@link
 * io.jlvs.linux.libc.CpuAffinity}). No JNI and no native code of jlvs's own.
 */
package io.jlvs.linux.libc;
