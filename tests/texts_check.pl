#!/usr/bin/perl
# texts_check.pl ROOT - the words of the kiosk's shipped texts (issue 14).
#
# A police unit is never a "trạm" and a citizen is never "bạn" (too casual
# for a police desk and elderly people): neither may appear in any text a
# citizen or staff member reads - kiosk.conf, assets/i18n/*.ini, the web
# pages' www/*.json, *.js, *.html, and the string literals of the C code.
# "Xin mời" belongs to the call alone; instructions say "Vui lòng".
# And a Vietnamese string literal in C is a text typed into code, which
# belongs in the translation files or kiosk.conf: each is refused unless
# tests/texts-allow.txt lists it with its reason.  Also: the English
# translation files have the same keys as the Vietnamese ones.
# Prints one line per fault, "FILE:LINE: what"; exit 1 if any.
use strict;
use warnings;
use utf8;
use JSON::PP;

binmode STDOUT, ':encoding(UTF-8)';
my $root = shift or die "usage: texts_check.pl ROOT\n";
my @faults;
my $viet = qr/[\x{00C0}-\x{1EF9}]/;          # a letter with a Vietnamese mark
my $trạm = qr/(?<!\p{L})trạm(?!\p{L})/i;
my $bạn = qr/(?<!\p{L})bạn(?!\p{L})/i;       # a word, not inside another

sub slurp {
	my ($path) = @_;
	open(my $f, '<:encoding(UTF-8)', $path) or die "$path: $!\n";
	local $/;
	my $s = <$f>;
	close $f;
	return $s;
}

sub words {
	my ($file, $line, $text) = @_;
	push @faults, "$file:$line: \"trạm\" (a unit is \"đơn vị\"): $text" if $text =~ $trạm;
	push @faults, "$file:$line: \"bạn\" (drop it, or \"công dân\" / \"ông/bà\"): $text"
		if $text =~ $bạn;
}

# Plain text files: every line.
my @plain = ('kiosk.conf', map { s{^\Q$root\E/}{}r }
	     glob("$root/assets/i18n/*.ini"), glob("$root/www/*.json"), glob("$root/www/*.js"),
	     glob("$root/www/*.html"));
# "Xin mời" is the call's ("Xin mời công dân có số thứ tự ..."); an
# instruction says "Vui lòng".  The call's texts: [voice] phrase, the board's
# calling line (vi.ini [board] calling, the web board's board.now), and the
# ticket page's banner when its ticket is called (www/ticket.js call_banner).
my $call = qr/^\s*(phrase|calling)\s*=|^\s*"board\.now"\s*:|^\s*call_banner\s*:/;
for my $file (@plain) {
	my $n = 0;
	for (split /\n/, slurp("$root/$file")) {
		words($file, ++$n, $_);
		push @faults, "$file:$n: \"Xin mời\" outside the call (an instruction says "
			. "\"Vui lòng\"): $_"
			if /xin mời/i && !/^\s*[#;]/ && !/$call/;
	}
}

# The allow-list: FILE | LITERAL | REASON; LITERAL * = every literal of FILE,
# LITERAL ending in ... = every literal that begins so.
my %allow;
my $allow_file = 'tests/texts-allow.txt';
if (-e "$root/$allow_file") {
	my $n = 0;
	for (split /\n/, slurp("$root/$allow_file")) {
		$n++;
		next if /^\s*(#|$)/;
		my ($file, $lit, $why) = map { s/^\s+|\s+$//gr } split /\|/, $_, 3;
		if (!defined $why || $why eq '') {
			push @faults, "$allow_file:$n: a line is FILE | LITERAL | REASON, with a reason";
			next;
		}
		$allow{$file}{$lit} = { line => $n, used => 0 };
	}
}

# C: string literals, comments and character constants told apart.
my @c = map { s{^\Q$root\E/}{}r }
	grep { -f } map { glob("$root/$_/*.c"), glob("$root/$_/*.h") }
	qw(core firmware server cli slip drivers sync);
for my $file (sort @c) {
	my $s = slurp("$root/$file");
	my $line = 1;
	while ($s =~ m{\G(?:(/\*.*?\*/)|(//[^\n]*)|("(?:[^"\\\n]|\\.)*")|('(?:[^'\\\n]|\\.)*')|(\n)|([^/"'\n]+|.))}gs) {
		if (defined $5) {
			$line++;
			next;
		}
		my $tok = $1 // $2 // $3 // $4 // $6;
		if (defined $3) {
			my $lit = substr($3, 1, -1);
			words($file, $line, $lit);
			if ($lit =~ $viet) {
				my $a = $allow{$file};
				my $hit = $a && ($a->{'*'} // $a->{$lit});
				for my $pre (grep { /\.\.\.$/ } keys %{ $a // {} }) {
					$hit //= $a->{$pre} if index($lit, substr($pre, 0, -3)) == 0;
				}
				if ($hit) {
					$hit->{used}++;
				} else {
					push @faults, "$file:$line: Vietnamese typed into C (move it to the "
						. "translation files or kiosk.conf, or list it in "
						. "$allow_file with why): \"$lit\"";
				}
			}
		}
		$line += ($tok =~ tr/\n//);
	}
}
for my $file (sort keys %allow) {
	for my $lit (sort keys %{ $allow{$file} }) {
		push @faults, "$allow_file:$allow{$file}{$lit}{line}: $file has no such Vietnamese "
			. "literal any more: remove the line"
			unless $allow{$file}{$lit}{used};
	}
}

# The same keys in both languages.
sub ini_keys {
	my ($path) = @_;
	my ($sec, %k) = ('');
	for (split /\n/, slurp($path)) {
		next if /^\s*[;#]/;
		if (/^\s*\[(.+)\]\s*$/) { $sec = $1; next; }
		$k{"$sec.$1"} = 1 if /^\s*([^=\s]+)\s*=/;
	}
	return \%k;
}
sub same_keys {
	my ($what, $vi, $en) = @_;
	for (sort keys %$vi) { push @faults, "$what: en lacks $_" unless $en->{$_}; }
	for (sort keys %$en) { push @faults, "$what: vi lacks $_" unless $vi->{$_}; }
}
same_keys('assets/i18n', ini_keys("$root/assets/i18n/vi.ini"), ini_keys("$root/assets/i18n/en.ini"))
	if -e "$root/assets/i18n/vi.ini";
if (-e "$root/www/i18n-vi.json") {
	my $j = JSON::PP->new;
	same_keys('www/i18n-*.json', $j->decode(slurp("$root/www/i18n-vi.json")),
		  $j->decode(slurp("$root/www/i18n-en.json")));
}

# The prefixes of the services kiosk.conf offers are said aloud in a noisy
# lobby: no two letter names may rhyme (the same last rime - the syllable
# without its first consonants - and as many syllables), as bê, xê, dê, giê
# or a, ca do (field review §3).  Names from the voice's lexicon.txt.
sub rime {
	my ($name) = @_;
	my @syl = split /[- ]+/, $name;
	my $r = $syl[-1] =~ s/^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])//r;
	$r = 'i' if $r eq '' || $r eq 'y';
	return scalar(@syl) . ":$r";
}
if (-e "$root/assets/voice/lexicon.txt") {
	my %said = map { /^letter\.([A-Z])\s*=\s*(.+?)\s*$/ ? ($1 => $2) : () }
		   split /\n/, slurp("$root/assets/voice/lexicon.txt");
	my (%by, $code, %svc);
	for (split /\n/, slurp("$root/kiosk.conf")) {
		if (/^\[(.+)\]/) { $code = $1 =~ /^service\.(.+)$/ ? $1 : undef; next; }
		next unless defined $code;
		$svc{$code}{prefix} = $1 if /^prefix\s*=\s*([A-Z])/;
		$svc{$code}{off} = 1 if /^enabled\s*=\s*no\b/;
	}
	for my $c (sort keys %svc) {
		next if $svc{$c}{off} || !$svc{$c}{prefix} || !$said{$svc{$c}{prefix}};
		my $p = $svc{$c}{prefix};
		push @{ $by{ rime($said{$p}) } }, "$p ($said{$p}, $c)";
	}
	for (sort keys %by) {
		push @faults, "kiosk.conf: prefixes whose names rhyme when called: "
			. join(', ', @{ $by{$_} }) if @{ $by{$_} } > 1;
	}
}

print "$_\n" for @faults;
print scalar(@faults) ? scalar(@faults) . " fault(s)\n" : "texts: OK\n";
exit(@faults ? 1 : 0);
