-- tests/hub_dashboard_data.sql - a small known province for hub_dashboard.sh
-- and the browser test: two stations with days and ratings, one never heard.
-- Days: 20786 = 2026-11-29 (outside the range tested), 20787 = 2026-11-30,
-- 20788 = 2026-12-01.  The figures the tests expect are worked out in
-- hub_dashboard.sh next to each check.
INSERT INTO stations (id, name, token_hash, added_at) VALUES
  ('A-1', 'Công an phường An Bình', 'ha', 0),
  ('B-2', 'Công an phường Bình Thắng', 'hb', 0),
  ('C-3', 'Công an xã Tân Đông Hiệp', 'hc', 0);
INSERT INTO day_heads (station, day, tickets, made_at) VALUES
  ('A-1', 20787, 4, 0), ('A-1', 20788, 2, 0), ('B-2', 20786, 10, 0), ('B-2', 20787, 3, 0);
INSERT INTO day_cells (station, day, kind, service, hour, source, counter, n, served, noshow,
                       waiting, times) VALUES
  ('A-1', 20787, 'ticket', 'CAPMOI', 8, 'walkin', 1, 4, 3, 1, 0, '{60,300,1500,2400}'),
  ('A-1', 20787, 'visit', 'CAPMOI', 8, 'walkin', 1, 3, 3, 0, 0, '{100,200,300}'),
  ('A-1', 20788, 'ticket', 'DOIGPLX', 9, 'booking', 2, 2, 1, 0, 1, '{600}'),
  ('B-2', 20786, 'ticket', 'CAPMOI', 8, 'walkin', 1, 10, 10, 0, 0, '{5,5,5,5,5,5,5,5,5,5}'),
  ('B-2', 20787, 'ticket', 'CAPMOI', 10, 'walkin', 1, 3, 3, 0, 0, '{120,1200,1260}');
INSERT INTO ratings (station, id, day, ticket, number, service, counter, level, scale, at,
                     channel, prev, hash) VALUES
  ('A-1', 1, 20787, 1, 'A001', 'CAPMOI', 1, 1, 5, 0, 'counter', '', 'h1'),
  ('A-1', 2, 20787, 2, 'A002', 'CAPMOI', 1, 2, 5, 0, 'counter', 'h1', 'h2'),
  ('A-1', 3, 20787, 3, 'A003', 'CAPMOI', 1, 5, 5, 0, 'counter', 'h2', 'h3'),
  ('B-2', 1, 20788, 1, 'A001', 'CAPMOI', 1, 3, 3, 0, 'phone', '', 'g1'),
  ('B-2', 2, 20786, 2, 'A002', 'CAPMOI', 1, 1, 5, 0, 'counter', 'g1', 'g2');
-- the lobbies now: B-2 overflows (40 min) and was last heard 15 min ago,
-- A-1's kiosk is out of paper; C-3 never said anything
INSERT INTO station_status (station, heard_at, at, waiting, longest_wait, printer,
                            config_version, dossiers_version) VALUES
  ('A-1', extract(epoch FROM now())::bigint, 0, 3, 300, 'ok', 4, 2),
  ('B-2', extract(epoch FROM now())::bigint - 900, 0, 25, 2400, 'ok', 3, 1);
INSERT INTO devices (station, name, seen, printer, scanner) VALUES
  ('A-1', 'lobby-1', 0, 'paper_out', 'ok'), ('A-1', 'lobby-2', 0, 'ok', 'ok'),
  ('B-2', 'lobby-1', 0, 'paper_low', 'ok');
