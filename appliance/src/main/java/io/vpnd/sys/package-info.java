/**
 * The operating system below vpnd: its single JNA binding of libc ({@link io.vpnd.sys.LibC}) and
 * errno values and wording ({@link io.vpnd.sys.Errno}), shared by {@code tun} and {@code netlink}.
 */
package io.vpnd.sys;
