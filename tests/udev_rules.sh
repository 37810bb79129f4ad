#!/bin/bash
# udev_rules.sh - dist/udev/60-kiosk.rules as udev itself reads it.
#
# systemd 252 has no `udevadm verify` (254 does), and `udevadm test` on a
# real device changes it (permissions, /dev links, /run/udev).  So the test
# runs in a mount namespace of its own, with /run, /dev and /etc private
# to it (a group file that has `kiosk`), and udevadm sees only fake
# devices: umockdev's sysfs of an Epson and an Xprinter printer (usb_device,
# the printer interface, usblp's lp node), a Honeywell scanner (CDC-ACM tty,
# HID POS hidraw, its keyboard interface's hidraw and event device), an
# Arduino's ACM tty and a plain keyboard.  `udevadm test` on each says which
# rule set its group, mode and links.  Checked: the rules parse with no
# complaint (and a deliberately broken copy is caught), printers of two
# models get the group by their class, /dev/kiosk/printer, /dev/kiosk/scanner
# and /dev/kiosk/scanner-input go where they should and nowhere else, and the
# local rule kiosk.conf's comments describe marks another vendor's scanner.
# Needs root (unshare, mount) and udev + umockdev; exits 77 (skipped) without.
set -u
RULES=${1:-$(dirname "$0")/../dist/udev/60-kiosk.rules}
RULES=$(readlink -f "$RULES")

if [ -z "${KIOSK_UDEV_NS:-}" ]; then
	for tool in udevadm umockdev-run unshare; do
		command -v "$tool" > /dev/null || { echo "SKIP: no $tool (packages udev, umockdev)"; exit 77; }
	done
	[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a mount namespace)"; exit 77; }
	unshare -m --propagation private true 2> /dev/null ||
		{ echo "SKIP: cannot make a mount namespace here"; exit 77; }
	KIOSK_UDEV_NS=1 exec unshare -m --propagation private bash "$0" "$RULES"
fi

# --- inside the namespace: nothing below is seen outside it ---
T=$(mktemp -d)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
trap 'rm -rf "$T"' EXIT

mount -t tmpfs tmpfs /run || exit 1
mount -t tmpfs tmpfs /dev || exit 1
mknod -m 666 /dev/null c 1 3
mkdir /dev/pts && mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts &&
	ln -s pts/ptmx /dev/ptmx || exit 1   # umockdev makes ttys from ptys
# a copy of /etc, not a bind of /etc/group alone: a group added or removed
# meanwhile (a package's install test) replaces /etc/group, which would drop
# a mount on it
mkdir "$T/etc" && cp -a /etc/. "$T/etc/" && mount --bind "$T/etc" /etc || exit 1
grep -q '^kiosk:' /etc/group || echo 'kiosk:x:64990:' >> /etc/group
KGID=$(getent group kiosk | cut -d: -f3)
mkdir -p /run/udev/rules.d

USB=/sys/devices/pci0000:00/0000:00:14.0/usb1
cat > "$T/devices.umockdev" <<'EOF'
P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/usbmisc/lp0
N: usb/lp0
E: DEVNAME=/dev/usb/lp0
E: MAJOR=180
E: MINOR=0
E: SUBSYSTEM=usbmisc

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0
E: DEVTYPE=usb_interface
E: DRIVER=usblp
E: INTERFACE=7/1/2
E: SUBSYSTEM=usb
A: bInterfaceClass=07
A: bInterfaceSubClass=01
A: bInterfaceProtocol=02

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1
N: bus/usb/001/002
E: DEVNAME=/dev/bus/usb/001/002
E: DEVTYPE=usb_device
E: DRIVER=usb
E: PRODUCT=4b8/e15/100
E: BUSNUM=001
E: DEVNUM=002
E: MAJOR=189
E: MINOR=1
E: SUBSYSTEM=usb
A: idVendor=04b8
A: idProduct=0e15
H: descriptors=1201000200000040B804150E00010102030109022000010100C0320904000002070102000705010240000007058202400000

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2
N: bus/usb/001/003
E: DEVNAME=/dev/bus/usb/001/003
E: DEVTYPE=usb_device
E: DRIVER=usb
E: PRODUCT=483/5743/100
E: BUSNUM=001
E: DEVNUM=003
E: MAJOR=189
E: MINOR=2
E: SUBSYSTEM=usb
A: idVendor=0483
A: idProduct=5743
H: descriptors=12010002000000408304435700010102030109022000010100C0320904000002070101000705010240000007058202400000

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/tty/ttyACM0
N: ttyACM0
E: DEVNAME=/dev/ttyACM0
E: MAJOR=166
E: MINOR=0
E: SUBSYSTEM=tty

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0
E: DEVTYPE=usb_interface
E: DRIVER=cdc_acm
E: SUBSYSTEM=usb
A: bInterfaceClass=02
A: bInterfaceSubClass=02
A: bInterfaceProtocol=01

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3
N: bus/usb/001/004
E: DEVNAME=/dev/bus/usb/001/004
E: DEVTYPE=usb_device
E: DRIVER=usb
E: PRODUCT=c2e/b61/100
E: MAJOR=189
E: MINOR=3
E: SUBSYSTEM=usb
A: idVendor=0c2e
A: idProduct=0b61

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.1/0003:0C2E:0B61.0001/hidraw/hidraw0
N: hidraw0
E: DEVNAME=/dev/hidraw0
E: MAJOR=240
E: MINOR=0
E: SUBSYSTEM=hidraw

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.1/0003:0C2E:0B61.0001
E: DRIVER=hid-generic
E: HID_ID=0003:00000C2E:00000B61
E: SUBSYSTEM=hid

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.1
E: DEVTYPE=usb_interface
E: DRIVER=usbhid
E: SUBSYSTEM=usb
A: bInterfaceClass=03
A: bInterfaceSubClass=00
A: bInterfaceProtocol=00

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.2/0003:0C2E:0B61.0002/hidraw/hidraw1
N: hidraw1
E: DEVNAME=/dev/hidraw1
E: MAJOR=240
E: MINOR=1
E: SUBSYSTEM=hidraw

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.2/0003:0C2E:0B61.0002/input/input5/event5
N: input/event5
E: DEVNAME=/dev/input/event5
E: MAJOR=13
E: MINOR=69
E: SUBSYSTEM=input
E: ID_INPUT=1
E: ID_INPUT_KEYBOARD=1

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.2/0003:0C2E:0B61.0002/input/input5
E: SUBSYSTEM=input
E: NAME="Honeywell Imaging & Mobility 1900"

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.2/0003:0C2E:0B61.0002
E: DRIVER=hid-generic
E: SUBSYSTEM=hid

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.2
E: DEVTYPE=usb_interface
E: DRIVER=usbhid
E: SUBSYSTEM=usb
A: bInterfaceClass=03
A: bInterfaceSubClass=01
A: bInterfaceProtocol=01

P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/tty/ttyACM1
N: ttyACM1
E: DEVNAME=/dev/ttyACM1
E: MAJOR=166
E: MINOR=1
E: SUBSYSTEM=tty

P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0
E: DEVTYPE=usb_interface
E: DRIVER=cdc_acm
E: SUBSYSTEM=usb
A: bInterfaceClass=02

P: /devices/pci0000:00/0000:00:14.0/usb1/1-4
N: bus/usb/001/005
E: DEVNAME=/dev/bus/usb/001/005
E: DEVTYPE=usb_device
E: DRIVER=usb
E: MAJOR=189
E: MINOR=4
E: SUBSYSTEM=usb
A: idVendor=2341
A: idProduct=0043

P: /devices/pci0000:00/0000:00:14.0/usb1/1-5/1-5:1.0/0003:046D:C31C.0003/input/input7/event7
N: input/event7
E: DEVNAME=/dev/input/event7
E: MAJOR=13
E: MINOR=71
E: SUBSYSTEM=input
E: ID_INPUT=1
E: ID_INPUT_KEYBOARD=1

P: /devices/pci0000:00/0000:00:14.0/usb1/1-5/1-5:1.0
E: DEVTYPE=usb_interface
E: DRIVER=usbhid
E: SUBSYSTEM=usb
A: bInterfaceClass=03
A: bInterfaceSubClass=01
A: bInterfaceProtocol=01

P: /devices/pci0000:00/0000:00:14.0/usb1/1-5
N: bus/usb/001/006
E: DEVNAME=/dev/bus/usb/001/006
E: DEVTYPE=usb_device
E: DRIVER=usb
E: MAJOR=189
E: MINOR=5
E: SUBSYSTEM=usb
A: idVendor=046d
A: idProduct=c31c
EOF

# utest SYSPATH: udevadm's account of an "add" of that fake device
utest() {
	umockdev-run -d "$T/devices.umockdev" -- udevadm test --action=add "$1" > "$T/out" 2>&1
	cat "$T/out"
}

# check FILE: the rules file installed alone; its complaints, if any, on
# stdout; non-zero if udev complained about it
check() {
	rm -f /run/udev/rules.d/*
	cp "$1" /run/udev/rules.d/60-kiosk.rules
	utest "$USB/1-1" | grep -E '^/run/udev/rules\.d/60-kiosk\.rules|60-kiosk\.rules:[0-9]+ .*(nvalid|nknown|rror|ailed|gnor)'
	[ "${PIPESTATUS[1]}" != 0 ]
}

# --- the rules parse; a broken copy is caught ---
if complaints=$(check "$RULES"); then ok; else bad "udev complains about $RULES: $complaints"; fi
sed 's/MODE="0660", SYMLINK+="kiosk\/printer"/MODE="0660", SYMLNK+="kiosk\/printer"/' "$RULES" > "$T/typo.rules"
check "$T/typo.rules" > /dev/null && bad "an unknown key is not caught" || ok
sed 's/ENV{KIOSK_SCANNER}!="1", GOTO="kiosk_end"/ENV{KIOSK_SCANNER}!="1", GOTO="kiosk_end/' "$RULES" > "$T/quote.rules"
check "$T/quote.rules" > /dev/null && bad "an unclosed quote is not caught" || ok
printf 'SUBSYSTEM=="tty", GROUP="no-such-group-here"\n' | cat "$RULES" - > "$T/group.rules"
check "$T/group.rules" > /dev/null && bad "an unknown group is not caught" || ok
cmp -s "$RULES" /run/udev/rules.d/60-kiosk.rules && bad "the broken copies were not the ones checked" || ok
check "$RULES" > /dev/null || bad "the rules again"

# expect NAME SYSPATH REGEX...: each REGEX in udevadm's account of SYSPATH
expect() {
	local name=$1 dev=$2; shift 2
	local out; out=$(utest "$dev")
	for re in "$@"; do
		printf '%s\n' "$out" | grep -Eq -- "$re" && ok ||
			{ bad "$name: no /$re/ in udevadm test $dev"; printf '%s\n' "$out" | grep -v '^Reading rules' | tail -25 >&2; }
	done
}
# refuse NAME SYSPATH: 60-kiosk.rules does nothing to it
refuse() {
	utest "$2" | grep -q '60-kiosk\.rules:[0-9]* ' && bad "$1: 60-kiosk.rules touched $2" || ok
}
K='60-kiosk\.rules:[0-9]+'

# printers: by class, whatever the model
expect "an Epson's usb device" "$USB/1-1" "$K GROUP $KGID" "$K MODE 0660" 'ID_USB_INTERFACES=:070102:'
expect "an Xprinter's usb device" "$USB/1-2" "$K GROUP $KGID" "$K MODE 0660"
expect "usblp's node" "$USB/1-1/1-1:1.0/usbmisc/lp0" "$K GROUP $KGID" "$K LINK 'kiosk/printer'"
refuse "a scanner's usb device" "$USB/1-3"
# the scanner, whichever mode it is set to
expect "the scanner's ACM tty" "$USB/1-3/1-3:1.0/tty/ttyACM0" "$K GROUP $KGID" "$K MODE 0660" \
	"$K LINK 'kiosk/scanner'"
expect "the scanner's HID POS" "$USB/1-3/1-3:1.1/0003:0C2E:0B61.0001/hidraw/hidraw0" "$K GROUP $KGID" \
	"$K LINK 'kiosk/scanner'"
expect "the scanner's keyboard" "$USB/1-3/1-3:1.2/0003:0C2E:0B61.0002/input/input5/event5" \
	"$K GROUP $KGID" "$K LINK 'kiosk/scanner-input'"
utest "$USB/1-3/1-3:1.2/0003:0C2E:0B61.0002/hidraw/hidraw1" | grep -q "kiosk/scanner'" &&
	bad "the scanner's keyboard interface took /dev/kiosk/scanner" || ok
# not a supported scanner: left alone
refuse "an Arduino's tty" "$USB/1-4/1-4:1.0/tty/ttyACM1"
refuse "a keyboard" "$USB/1-5/1-5:1.0/0003:046D:C31C.0003/input/input7/event7"
# ... until a local rule marks it, as the rules file's comment says
sed -n 's/^#   \(SUBSYSTEM=="tty|hidraw|input".*ENV{KIOSK_SCANNER}="1"\)$/\1/p' "$RULES" \
	> /run/udev/rules.d/59-kiosk-local.rules
grep -q 1a86 /run/udev/rules.d/59-kiosk-local.rules && ok || bad "no local rule example in $RULES"
sed -i 's/1a86/2341/' /run/udev/rules.d/59-kiosk-local.rules
expect "an Arduino marked by a local rule" "$USB/1-4/1-4:1.0/tty/ttyACM1" "$K LINK 'kiosk/scanner'"

echo "udev_rules: $pass passed, $fail failed"
[ "$fail" = 0 ]
