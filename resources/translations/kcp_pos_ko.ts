<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About kcp-pos</source>
        <translation>kcp-pos 정보</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <source>Installed app, in %1</source>
        <translation>설치된 프로그램 (%1)</translation>
    </message>
    <message>
        <source>Running from source (Python %1)</source>
        <translation>소스에서 실행 중 (Python %1)</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Data (payments, training server)</source>
        <translation>데이터 (결제 기록, 연습 서버)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 열기</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>kcp-pos: reading its licence…</source>
        <translation>kcp-pos: 라이선스를 읽는 중…</translation>
    </message>
    <message>
        <source>Qt %1, PySide6 %2</source>
        <translation>Qt %1, PySide6 %2</translation>
    </message>
    <message>
        <source>used under the GNU Lesser General Public License v3 (LGPLv3). The app is installed as a folder, not one file, so that Qt&apos;s libraries stay separate files in the installation folder: you may replace them with your own build of the same Qt version.</source>
        <translation>GNU 약소 일반 공중 사용 허가서 v3(LGPLv3)에 따라 사용합니다. 이 프로그램은 파일 하나가 아닌 폴더로 설치되어 Qt 라이브러리가 설치 폴더 안에 별도 파일로 남아 있으므로, 같은 Qt 버전을 직접 빌드한 것으로 바꿔 넣을 수 있습니다.</translation>
    </message>
    <message>
        <source>The other libraries the app is built from, with their versions and licences, are listed under Third-party notices.</source>
        <translation>이 프로그램에 쓰인 다른 라이브러리의 버전과 라이선스는 &apos;제3자 고지&apos;에 있습니다.</translation>
    </message>
    <message>
        <source>Third-party notices</source>
        <translation>제3자 고지</translation>
    </message>
    <message>
        <source>LGPL v3 text</source>
        <translation>LGPL v3 전문</translation>
    </message>
    <message>
        <source>The LGPL v3 text is not in this installation. It is published at %1</source>
        <translation>이 설치본에는 LGPL v3 전문이 없습니다. %1 에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>GNU Lesser General Public License v3</source>
        <translation>GNU 약소 일반 공중 사용 허가서 v3</translation>
    </message>
    <message>
        <source>The folder could not be opened here. Its path is shown above: %1</source>
        <translation>이 컴퓨터에서 폴더를 열 수 없습니다. 경로는 위에 있습니다: %1</translation>
    </message>
    <message>
        <source>see the licence that came with it</source>
        <translation>함께 제공된 라이선스를 확인하세요</translation>
    </message>
    <message>
        <source>kcp-pos licence: %1</source>
        <translation>kcp-pos 라이선스: %1</translation>
    </message>
    <message>
        <source>Not created yet: the app makes it when it is needed.</source>
        <translation>아직 만들어지지 않았습니다. 필요할 때 프로그램이 만듭니다.</translation>
    </message>
    <message>
        <source>Could not be read: %1</source>
        <translation>읽을 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>ActionsBar</name>
    <message>
        <source>Reports and day close…</source>
        <translation>보고서와 마감…</translation>
    </message>
    <message>
        <source>Reconcile with PortOne…</source>
        <translation>포트원과 대사…</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>감사 기록…</translation>
    </message>
    <message>
        <source>Operators…</source>
        <translation>운영자…</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <source>A word such as refund, or a family from the list</source>
        <translation>환불 같은 낱말, 또는 목록의 종류</translation>
    </message>
    <message>
        <source>Order number, customer or operator</source>
        <translation>주문번호, 고객 또는 운영자</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>From</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>To</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>About</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Older entries</source>
        <translation>이전 기록</translation>
    </message>
    <message>
        <source>Verify the chain</source>
        <translation>위변조 검사</translation>
    </message>
    <message>
        <source>Accept the trail as it is…</source>
        <translation>기록을 지금 그대로 인정…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>모든 작업</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>읽는 중…</translation>
    </message>
    <message>
        <source>Entries shown: %1</source>
        <translation>표시된 항목: %1</translation>
    </message>
    <message>
        <source>Verifying the whole trail…</source>
        <translation>전체 기록을 검사하는 중…</translation>
    </message>
    <message>
        <source>The file that records the trail&apos;s newest entry (audit-head.json, beside the database) is missing: deleted newest entries could not be found.</source>
        <translation>감사 기록의 최근 항목을 적어 두는 파일(데이터베이스 옆의 audit-head.json)이 없습니다. 최근 항목이 삭제되어도 알아낼 수 없습니다.</translation>
    </message>
    <message>
        <source>The file that records the trail&apos;s newest entry (audit-head.json, beside the database) was changed outside this program.</source>
        <translation>감사 기록의 최근 항목을 적어 두는 파일(데이터베이스 옆의 audit-head.json)이 이 프로그램 밖에서 바뀌었습니다.</translation>
    </message>
    <message>
        <source>The audit trail is intact: %1 entries checked, none changed.</source>
        <translation>감사 기록이 온전합니다: %1건을 검사했고 바뀐 기록이 없습니다.</translation>
    </message>
    <message>
        <source>This store is on a database server: its newest entries are not checked.</source>
        <translation>이 저장소는 데이터베이스 서버에 있어 최근 항목의 삭제는 확인하지 않습니다.</translation>
    </message>
    <message>
        <source>Once you know why (a restored copy of the database, or a deletion looked into), an administrator can accept the trail as it is; that is recorded too.</source>
        <translation>까닭을 확인한 뒤(데이터베이스를 백업본으로 되돌렸거나 삭제를 조사한 경우) 관리자가 기록을 지금 그대로 인정할 수 있으며, 그 결정도 기록됩니다.</translation>
    </message>
    <message>
        <source>Accept the audit trail as it is now? From here on, the newest entry is checked again. Your decision is recorded in the trail.</source>
        <translation>감사 기록을 지금 그대로 인정할까요? 이후로는 최근 항목을 다시 확인합니다. 이 결정은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>Accept the trail</source>
        <translation>기록 인정</translation>
    </message>
    <message>
        <source>Entries were written since the check: verify again, then decide.</source>
        <translation>확인한 뒤 새 항목이 기록되었습니다. 다시 확인한 뒤 결정해 주세요.</translation>
    </message>
    <message>
        <source>Only an administrator may accept the trail.</source>
        <translation>기록 인정은 관리자만 할 수 있습니다.</translation>
    </message>
    <message>
        <source>The audit trail was changed outside this program: entry %1 does not match (it, or one before it, was edited, deleted or moved). Entries from there on cannot be trusted.</source>
        <translation>감사 기록이 이 프로그램 밖에서 바뀌었습니다: %1 기록이 맞지 않습니다(이 기록 또는 그 앞의 기록이 수정, 삭제 또는 이동됨). 이 기록부터는 믿을 수 없습니다.</translation>
    </message>
    <message>
        <source>Entry %1: %2, %3, %4.</source>
        <translation>기록 %1: %2, %3, %4.</translation>
    </message>
    <message>
        <source>The newest entries of the audit trail were deleted or replaced outside this program: entry %1, written on this computer, is not there as written. The trail now ends at %2.</source>
        <translation>감사 기록의 최근 항목이 이 프로그램 밖에서 삭제되거나 바뀌었습니다: 이 컴퓨터에서 기록한 항목(%1)이 없거나 기록된 내용과 다릅니다. 기록은 지금 %2에서 끝납니다.</translation>
    </message>
    <message>
        <source>Newest: %1 (%2).</source>
        <translation>최근 항목: %1 (%2).</translation>
    </message>
    <message>
        <source>Only a manager or an administrator may read the audit trail.</source>
        <translation>감사 기록은 매니저나 관리자만 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>The audit trail could not be read: %1</source>
        <translation>감사 기록을 읽지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>AuditWords</name>
    <message>
        <source>Payment recorded</source>
        <translation>결제 기록</translation>
    </message>
    <message>
        <source>Payment status changed</source>
        <translation>결제 상태 변경</translation>
    </message>
    <message>
        <source>Request written down</source>
        <translation>요청 기록</translation>
    </message>
    <message>
        <source>Request sent to PortOne</source>
        <translation>PortOne에 요청 보냄</translation>
    </message>
    <message>
        <source>Request approved</source>
        <translation>요청 승인됨</translation>
    </message>
    <message>
        <source>Request declined</source>
        <translation>요청 거절됨</translation>
    </message>
    <message>
        <source>No answer from PortOne (to be checked)</source>
        <translation>PortOne 응답 없음 (확인 예정)</translation>
    </message>
    <message>
        <source>Checked at PortOne: approved</source>
        <translation>PortOne 확인: 승인됨</translation>
    </message>
    <message>
        <source>Checked at PortOne: not approved</source>
        <translation>PortOne 확인: 승인 안 됨</translation>
    </message>
    <message>
        <source>Late approval found</source>
        <translation>늦은 승인 발견</translation>
    </message>
    <message>
        <source>Late approval acknowledged</source>
        <translation>늦은 승인 확인함</translation>
    </message>
    <message>
        <source>Refund requested</source>
        <translation>환불 요청</translation>
    </message>
    <message>
        <source>Refund undecided (check at PortOne)</source>
        <translation>환불 여부 불명 (PortOne에서 확인 필요)</translation>
    </message>
    <message>
        <source>Refund found made after all</source>
        <translation>뒤늦게 확인된 환불</translation>
    </message>
    <message>
        <source>Scheduled charge being booked</source>
        <translation>예약 결제 등록 중</translation>
    </message>
    <message>
        <source>Scheduled charge changed</source>
        <translation>예약 결제 변경</translation>
    </message>
    <message>
        <source>Failed scheduled charge retried</source>
        <translation>실패한 예약 결제 재시도</translation>
    </message>
    <message>
        <source>Retry of a scheduled charge undone</source>
        <translation>예약 결제 재시도 취소</translation>
    </message>
    <message>
        <source>Customer added</source>
        <translation>고객 추가</translation>
    </message>
    <message>
        <source>Customer changed</source>
        <translation>고객 정보 변경</translation>
    </message>
    <message>
        <source>Customer deleted</source>
        <translation>고객 삭제</translation>
    </message>
    <message>
        <source>Saved card missing at PortOne</source>
        <translation>PortOne에 저장된 카드 없음</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>PIN 틀림</translation>
    </message>
    <message>
        <source>Sign-in with an unknown name</source>
        <translation>없는 이름으로 로그인 시도</translation>
    </message>
    <message>
        <source>Operator locked after wrong PINs</source>
        <translation>PIN 오류로 운영자 잠김</translation>
    </message>
    <message>
        <source>Operator unlocked</source>
        <translation>운영자 잠금 해제</translation>
    </message>
    <message>
        <source>Manager&apos;s approval</source>
        <translation>매니저 승인</translation>
    </message>
    <message>
        <source>Operator added</source>
        <translation>운영자 추가</translation>
    </message>
    <message>
        <source>Operator stopped</source>
        <translation>운영자 사용 중지</translation>
    </message>
    <message>
        <source>Operator allowed again</source>
        <translation>운영자 다시 허용</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <source>API key removed</source>
        <translation>API 키 삭제</translation>
    </message>
    <message>
        <source>Report exported</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message>
        <source>Day closed</source>
        <translation>마감</translation>
    </message>
    <message>
        <source>Reconciled: PortOne&apos;s record taken</source>
        <translation>대사: PortOne 기록 반영</translation>
    </message>
    <message>
        <source>Reconciled: corrected from PortOne</source>
        <translation>대사: PortOne 기준으로 수정</translation>
    </message>
    <message>
        <source>Reconciled: unknown to PortOne, left for a person</source>
        <translation>대사: PortOne에 없음, 담당자 확인 필요</translation>
    </message>
    <message>
        <source>Audit trail verified</source>
        <translation>감사 기록 검증</translation>
    </message>
    <message>
        <source>Newest-entry record started</source>
        <translation>최근 항목 기록 시작</translation>
    </message>
    <message>
        <source>Audit trail accepted as it is</source>
        <translation>감사 기록을 그대로 인정함</translation>
    </message>
    <message>
        <source>Batch charge from the command line</source>
        <translation>명령줄 일괄 결제</translation>
    </message>
    <message>
        <source>Payment window: paid amount differs from the order</source>
        <translation>결제창: 결제 금액이 주문과 다름</translation>
    </message>
    <message>
        <source>Escrow shipment registered</source>
        <translation>에스크로 배송 등록</translation>
    </message>
    <message>
        <source>Payments in the ledger</source>
        <translation>장부의 결제</translation>
    </message>
    <message>
        <source>Requests to PortOne</source>
        <translation>PortOne 요청</translation>
    </message>
    <message>
        <source>Refund checks</source>
        <translation>환불 확인</translation>
    </message>
    <message>
        <source>Late approvals</source>
        <translation>늦은 승인</translation>
    </message>
    <message>
        <source>Scheduled charges</source>
        <translation>예약결제</translation>
    </message>
    <message>
        <source>Customers and saved cards</source>
        <translation>고객과 저장된 카드</translation>
    </message>
    <message>
        <source>Operators and sign-in</source>
        <translation>운영자와 로그인</translation>
    </message>
    <message>
        <source>Settings changes</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <source>Report exports</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message>
        <source>Day closes</source>
        <translation>마감</translation>
    </message>
    <message>
        <source>Reconciliation fixes</source>
        <translation>대사 수정</translation>
    </message>
    <message>
        <source>Audit trail checks</source>
        <translation>감사 기록 검증</translation>
    </message>
    <message>
        <source>Batch charges</source>
        <translation>일괄 결제</translation>
    </message>
    <message>
        <source>Payment window amount differences</source>
        <translation>결제창 금액 불일치</translation>
    </message>
    <message>
        <source>Escrow shipments</source>
        <translation>에스크로 배송</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Delete a saved card</source>
        <translation>저장된 카드 삭제</translation>
    </message>
    <message>
        <source>Batch charge</source>
        <translation>일괄 결제</translation>
    </message>
    <message>
        <source>Cancel scheduled charges</source>
        <translation>예약 결제 취소</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <source>Keyed card charge</source>
        <translation>카드 수기 결제</translation>
    </message>
    <message>
        <source>Card registration</source>
        <translation>카드 등록</translation>
    </message>
    <message>
        <source>Saved card charge</source>
        <translation>저장된 카드 결제</translation>
    </message>
    <message>
        <source>Scheduled charge</source>
        <translation>예약 결제</translation>
    </message>
    <message>
        <source>Payment window</source>
        <translation>결제창</translation>
    </message>
    <message>
        <source>Card registration in the window</source>
        <translation>결제창 카드 등록</translation>
    </message>
    <message>
        <source>Not in this terminal&apos;s ledger</source>
        <translation>이 단말기 장부에 없음</translation>
    </message>
    <message>
        <source>Unknown to PortOne</source>
        <translation>PortOne에 없음</translation>
    </message>
    <message>
        <source>Different status</source>
        <translation>상태가 다름</translation>
    </message>
    <message>
        <source>Different amount</source>
        <translation>금액이 다름</translation>
    </message>
    <message>
        <source>Newest entry as written</source>
        <translation>최근 항목 그대로</translation>
    </message>
    <message>
        <source>Newest entries deleted or replaced</source>
        <translation>최근 항목 삭제 또는 바뀜</translation>
    </message>
    <message>
        <source>Newest-entry record missing</source>
        <translation>최근 항목 기록 파일 없음</translation>
    </message>
    <message>
        <source>Newest-entry record changed</source>
        <translation>최근 항목 기록 파일 바뀜</translation>
    </message>
    <message>
        <source>Newest entries not checked</source>
        <translation>최근 항목 확인 안 함</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>Approval prompt</source>
        <translation>승인 창</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>점원</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>매니저</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>이전</translation>
    </message>
    <message>
        <source>After</source>
        <translation>이후</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Refunded amount</source>
        <translation>환불액</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>환불 전 잔액</translation>
    </message>
    <message>
        <source>Tax-free</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>결제 금액</translation>
    </message>
    <message>
        <source>Amount ordered</source>
        <translation>주문 금액</translation>
    </message>
    <message>
        <source>Payment count</source>
        <translation>결제 건수</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>총매출</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>순매출</translation>
    </message>
    <message>
        <source>For</source>
        <translation>승인 대상</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>승인자</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>해제 시각</translation>
    </message>
    <message>
        <source>Typed at</source>
        <translation>입력한 곳</translation>
    </message>
    <message>
        <source>Prompt opened by</source>
        <translation>승인 창을 연 사람</translation>
    </message>
    <message>
        <source>Scheduled for</source>
        <translation>예약 시각</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>Retried as</source>
        <translation>재시도 주문</translation>
    </message>
    <message>
        <source>Courier</source>
        <translation>택배사</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>줄 수</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>이어서 실행</translation>
    </message>
    <message>
        <source>Computer login</source>
        <translation>컴퓨터 로그인</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>바뀐 항목</translation>
    </message>
    <message>
        <source>API key changed</source>
        <translation>API 키 변경</translation>
    </message>
    <message>
        <source>Entries checked</source>
        <translation>확인한 항목 수</translation>
    </message>
    <message>
        <source>First changed entry</source>
        <translation>처음 바뀐 항목</translation>
    </message>
    <message>
        <source>Missing newest entry</source>
        <translation>사라진 최신 항목</translation>
    </message>
    <message>
        <source>Newest entries</source>
        <translation>최근 항목</translation>
    </message>
    <message>
        <source>Newest entry</source>
        <translation>최근 항목 번호</translation>
    </message>
    <message>
        <source>Status here</source>
        <translation>단말기 상태</translation>
    </message>
    <message>
        <source>Amount here</source>
        <translation>단말기 금액</translation>
    </message>
    <message>
        <source>Refunded here</source>
        <translation>단말기 환불액</translation>
    </message>
    <message>
        <source>Status at PortOne</source>
        <translation>PortOne 상태</translation>
    </message>
    <message>
        <source>Amount at PortOne</source>
        <translation>PortOne 금액</translation>
    </message>
    <message>
        <source>Refunded at PortOne</source>
        <translation>PortOne 환불액</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>시도</translation>
    </message>
    <message>
        <source>This program</source>
        <translation>이 프로그램</translation>
    </message>
    <message>
        <source>Someone at the terminal</source>
        <translation>단말기의 누군가</translation>
    </message>
    <message>
        <source>Automatic check</source>
        <translation>자동 확인</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch charge</source>
        <translation>일괄 결제</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>CSV 가져오기…</translation>
    </message>
    <message>
        <source>A CSV file: customer_uid, amount, order_name[, tax_free, card_quota]</source>
        <translation>CSV 파일: customer_uid, amount, order_name[, tax_free, card_quota]</translation>
    </message>
    <message>
        <source>Check the order</source>
        <translation>주문 확인</translation>
    </message>
    <message>
        <source>Problems in the file</source>
        <translation>파일의 오류</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Send no new charges; the ones already sent finish and are recorded.</source>
        <translation>새 결제를 보내지 않습니다. 이미 보낸 결제는 끝까지 처리되어 기록됩니다.</translation>
    </message>
    <message>
        <source>Export results…</source>
        <translation>결과 내보내기…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>%1 selected customers: %2</source>
        <translation>선택한 고객 %1명: %2</translation>
    </message>
    <message>
        <source>Checking the order…</source>
        <translation>주문을 확인하는 중…</translation>
    </message>
    <message>
        <source>The order changed: check it again.</source>
        <translation>주문이 바뀌었습니다. 다시 확인하세요.</translation>
    </message>
    <message>
        <source>Import a batch file</source>
        <translation>일괄 결제 파일 가져오기</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>파일을 확인하는 중…</translation>
    </message>
    <message>
        <source>%1 saved cards to charge, %2 in total.</source>
        <translation>결제할 저장된 카드 %1개, 합계 %2.</translation>
    </message>
    <message>
        <source>These lines were charged in full on %1; nothing is charged now. Charging them again makes a new batch: %2 cards, %3.</source>
        <translation>이 목록은 %1에 모두 결제되었습니다. 지금은 결제하지 않았습니다. 다시 결제하면 새 일괄 결제가 됩니다: 카드 %2건, %3.</translation>
    </message>
    <message>
        <source>This order was charged to these customers before: %1 paid, %2 declined, %3 unknown. The unknown ones are looked up (never charged again); %4 not sent yet, %5.</source>
        <translation>이 주문은 이 고객들에게 이미 결제했습니다: 완료 %1, 거절 %2, 확인 중 %3. 확인 중인 건은 조회만 하고 다시 결제하지 않습니다. 아직 보내지 않은 건 %4, %5.</translation>
    </message>
    <message>
        <source>This file was charged before: %1 paid, %2 declined, %3 unknown. The unknown ones are looked up (never charged again); %4 not sent yet, %5.</source>
        <translation>이미 결제한 파일입니다: 완료 %1건, 거절 %2건, 확인 중 %3건. 확인 중인 건은 조회만 하고 다시 결제하지 않습니다. 아직 보내지 않은 건: %4건, %5.</translation>
    </message>
    <message>
        <source>Charge again as a new batch: %1 cards (%2)</source>
        <translation>새 일괄 결제로 다시 결제: 카드 %1건 (%2)</translation>
    </message>
    <message>
        <source>Charge %1 cards (%2)</source>
        <translation>카드 %1개 결제 (%2)</translation>
    </message>
    <message>
        <source>Look up the unknown ones</source>
        <translation>확인 중인 건 조회</translation>
    </message>
    <message>
        <source>Charge these %1 customers again anyway</source>
        <translation>이 고객 %1명을 그래도 다시 결제</translation>
    </message>
    <message>
        <source>Charged in the last %1 days:</source>
        <translation>최근 %1일 안에 결제된 고객:</translation>
    </message>
    <message>
        <source>Line %1: %2, %3 on %4</source>
        <translation>%1행: %2, %4에 %3</translation>
    </message>
    <message>
        <source>Nothing was charged. Correct the file and import it again:</source>
        <translation>결제하지 않았습니다. 파일을 고친 뒤 다시 가져오세요:</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… 외 %1건.</translation>
    </message>
    <message>
        <source>The file could not be read (%1).</source>
        <translation>파일을 읽지 못했습니다 (%1).</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>%1행</translation>
    </message>
    <message>
        <source>Charge now: %1?</source>
        <translation>지금 결제할까요: %1?</translation>
    </message>
    <message>
        <source>Training mode: no real money moves.</source>
        <translation>연습 모드: 실제 돈은 오가지 않습니다.</translation>
    </message>
    <message>
        <source>A batch charge</source>
        <translation>일괄 결제</translation>
    </message>
    <message>
        <source>Not charged: a batch charge needs a manager.</source>
        <translation>결제하지 않았습니다: 일괄 결제는 매니저가 승인해야 합니다.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Stopping: no new charges; the ones already sent are finishing.</source>
        <translation>중지하는 중: 새 결제는 보내지 않고, 이미 보낸 결제를 마무리하고 있습니다.</translation>
    </message>
    <message>
        <source>%1 of %2: %3 paid, %4 declined, %5 unknown</source>
        <translation>%2건 중 %1건: 완료 %3, 거절 %4, 확인 중 %5</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>약 %1초 남음</translation>
    </message>
    <message>
        <source>The answer of %1 charge(s) was lost. They are looked up again when this file is imported again (or at the next start); never charge them by hand.</source>
        <translation>결제 %1건의 응답을 받지 못했습니다. 이 파일을 다시 가져오거나 앱을 다시 시작하면 다시 조회합니다. 직접 다시 결제하지 마세요.</translation>
    </message>
    <message>
        <source>Stopped: %1 not sent. Import the same file again to continue.</source>
        <translation>중지됨: %1건을 보내지 않았습니다. 계속하려면 같은 파일을 다시 가져오세요.</translation>
    </message>
    <message>
        <source>Nothing was charged: these customers were charged meanwhile. Import the file again to see by whom.</source>
        <translation>결제하지 않았습니다: 그 사이 이 고객들이 결제되었습니다. 파일을 다시 불러와 누가 결제했는지 확인하세요.</translation>
    </message>
    <message>
        <source>The batch stopped (%1). Import the same file again: what was sent is looked up, the rest is charged.</source>
        <translation>일괄 결제가 중단되었습니다 (%1). 같은 파일을 다시 가져오면 보낸 건은 조회하고 나머지만 결제합니다.</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>거절</translation>
    </message>
    <message>
        <source>Unknown: being checked</source>
        <translation>확인 중</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>보내지 않음</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>결과 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Results saved to %1.</source>
        <translation>결과를 %1에 저장했습니다.</translation>
    </message>
    <message>
        <source>The results were not saved (%1).</source>
        <translation>결과를 저장하지 못했습니다 (%1).</translation>
    </message>
</context>
<context>
    <name>BatchFile</name>
    <message>
        <source>The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.</source>
        <translation>UTF-8 텍스트 파일이 아닙니다. Excel에서 “CSV UTF-8” 형식으로 저장하세요.</translation>
    </message>
    <message>
        <source>The file is too large for one batch.</source>
        <translation>한 번에 결제하기에는 파일이 너무 큽니다.</translation>
    </message>
    <message>
        <source>The file has no rows to charge.</source>
        <translation>결제할 행이 없습니다.</translation>
    </message>
    <message>
        <source>A batch can have at most %1 rows.</source>
        <translation>일괄 결제는 최대 %1행까지 가능합니다.</translation>
    </message>
    <message>
        <source>Each row needs customer_uid, amount and order_name.</source>
        <translation>각 행에 customer_uid, amount, order_name이 있어야 합니다.</translation>
    </message>
    <message>
        <source>Too many columns: only customer_uid, amount, order_name, tax_free, card_quota.</source>
        <translation>열이 너무 많습니다. customer_uid, amount, order_name, tax_free, card_quota만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>The header must be customer_uid,amount,order_name[,tax_free,card_quota].</source>
        <translation>머리글은 customer_uid,amount,order_name[,tax_free,card_quota] 형식이어야 합니다.</translation>
    </message>
    <message>
        <source>This looks like a card number. A batch file must not hold card data.</source>
        <translation>카드 번호로 보입니다. 일괄 결제 파일에는 카드 정보를 넣을 수 없습니다.</translation>
    </message>
    <message>
        <source>Installment months must be a whole number (0 for lump sum).</source>
        <translation>할부 개월 수는 정수로 입력하세요 (일시불은 0).</translation>
    </message>
    <message>
        <source>The customer_uid is missing.</source>
        <translation>customer_uid가 비어 있습니다.</translation>
    </message>
    <message>
        <source>This customer_uid is already on line %1.</source>
        <translation>이 customer_uid는 이미 %1행에 있습니다.</translation>
    </message>
    <message>
        <source>This line cannot be read as CSV.</source>
        <translation>이 행을 CSV로 읽을 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>CardFields</name>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>&amp;Card number</source>
        <translation>카드번호</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/YY</translation>
    </message>
    <message>
        <source>&amp;Expiry (MM/YY)</source>
        <translation>유효기간 (MM/YY)</translation>
    </message>
    <message>
        <source>Corporate card</source>
        <translation>법인카드</translation>
    </message>
    <message>
        <source>A corporate card is checked with the business registration number.</source>
        <translation>법인카드는 생년월일 대신 사업자등록번호로 확인합니다.</translation>
    </message>
    <message>
        <source>First 2 PIN digits</source>
        <translation>비밀번호 앞 2자리</translation>
    </message>
    <message>
        <source>Business registration &amp;number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <source>Date of &amp;birth (YYMMDD)</source>
        <translation>생년월일 6자리</translation>
    </message>
    <message>
        <source>YYMMDD</source>
        <translation>YYMMDD</translation>
    </message>
    <message>
        <source>First 2 PIN digits (optional)</source>
        <translation>비밀번호 앞 2자리 (선택)</translation>
    </message>
</context>
<context>
    <name>CartPage</name>
    <message>
        <source>Search products (Enter adds the first)</source>
        <translation>상품 검색 (Enter: 첫 상품 추가)</translation>
    </message>
    <message>
        <source>Tax free</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>줄 추가</translation>
    </message>
    <message>
        <source>Save to products</source>
        <translation>상품으로 저장</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>단가</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>장바구니</translation>
    </message>
    <message>
        <source>Open the payment window (Ctrl+Enter)</source>
        <translation>결제창 열기 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>다시 확인</translation>
    </message>
    <message>
        <source>New order…</source>
        <translation>새 주문…</translation>
    </message>
    <message>
        <source>Print account details…</source>
        <translation>입금 계좌 안내 인쇄…</translation>
    </message>
    <message>
        <source>Escrow orders and shipping… (Ctrl+Shift+E)</source>
        <translation>에스크로 주문과 배송… (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>상품 줄</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>From customers… (Ctrl+B)</source>
        <translation>고객에서 불러오기… (Ctrl+B)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>우편번호</translation>
    </message>
    <message>
        <source>Payment window</source>
        <translation>결제창</translation>
    </message>
    <message>
        <source>Escrow (sends the product list)</source>
        <translation>에스크로 (상품 목록 전송)</translation>
    </message>
    <message>
        <source>e.g. 2,3,6 · 0 lump sum only · empty: any</source>
        <translation>예: 2,3,6 · 0은 일시불만 · 비우면 창 기본값</translation>
    </message>
    <message>
        <source>Let the buyer choose</source>
        <translation>구매자가 선택</translation>
    </message>
    <message>
        <source>App cards only</source>
        <translation>앱카드만</translation>
    </message>
    <message>
        <source>Pay method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>Installment months</source>
        <translation>할부 개월</translation>
    </message>
    <message>
        <source>Card company</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Offer only (none ticked: all)</source>
        <translation>이 카드사만 (선택 없으면 전체)</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>결제창 언어</translation>
    </message>
    <message>
        <source>Gift site user ID</source>
        <translation>상품권 사이트 아이디</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>신용카드</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>계좌이체</translation>
    </message>
    <message>
        <source>Virtual account</source>
        <translation>가상계좌</translation>
    </message>
    <message>
        <source>The payment window is open.</source>
        <translation>결제창이 열려 있습니다.</translation>
    </message>
    <message>
        <source>A window payment is still being checked; the next start checks it again.</source>
        <translation>결제창 결제를 아직 확인하는 중입니다. 다음에 시작할 때 다시 확인합니다.</translation>
    </message>
    <message>
        <source>Remove the product?</source>
        <translation>상품을 삭제할까요?</translation>
    </message>
    <message>
        <source>Remove %1 from the products?</source>
        <translation>%1 상품을 목록에서 삭제할까요?</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>저장했습니다: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Update line</source>
        <translation>줄 수정</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>Total %1 · VAT %2 · Tax free %3</source>
        <translation>합계 %1 · 부가세 %2 · 면세 %3</translation>
    </message>
    <message>
        <source>Installment months: whole numbers separated by commas, e.g. 2,3,6.</source>
        <translation>할부 개월은 쉼표로 구분한 숫자로 입력하세요. 예: 2,3,6</translation>
    </message>
    <message>
        <source>Set the merchant code (imp…) in Settings to open the live payment window.</source>
        <translation>실결제 결제창을 열려면 설정에서 가맹점 식별코드(imp…)를 입력하세요.</translation>
    </message>
    <message>
        <source>Registering the order…</source>
        <translation>주문을 등록하는 중…</translation>
    </message>
    <message>
        <source>Order: %1</source>
        <translation>주문: %1</translation>
    </message>
    <message>
        <source>Amount: %1</source>
        <translation>금액: %1</translation>
    </message>
    <message>
        <source>Pay method: %1</source>
        <translation>결제수단: %1</translation>
    </message>
    <message>
        <source>Escrow: %1 products</source>
        <translation>에스크로: 상품 %1개</translation>
    </message>
    <message>
        <source>lump sum only</source>
        <translation>일시불만</translation>
    </message>
    <message>
        <source>Installments offered: %1</source>
        <translation>할부 개월: %1</translation>
    </message>
    <message>
        <source>Card company: %1</source>
        <translation>카드사: %1</translation>
    </message>
    <message>
        <source>Card companies offered: %1</source>
        <translation>제공 카드사: %1</translation>
    </message>
    <message>
        <source>Window language: %1</source>
        <translation>결제창 언어: %1</translation>
    </message>
    <message>
        <source>Open the payment window?</source>
        <translation>결제창을 열까요?</translation>
    </message>
    <message>
        <source>Start a new order?</source>
        <translation>새 주문을 시작할까요?</translation>
    </message>
    <message>
        <source>The last window payment is not confirmed yet; the buyer may still have paid. The app looks it up again at the next start. Do not take payment for the same goods again until you know. Start a new order anyway?</source>
        <translation>직전 결제창 결제가 아직 확인되지 않았습니다. 구매자가 이미 결제했을 수도 있습니다. 앱은 다음 시작 때 다시 확인합니다. 확인될 때까지 같은 상품을 다시 결제받지 마세요. 그래도 새 주문을 시작할까요?</translation>
    </message>
    <message>
        <source>The payment window was not opened: %1</source>
        <translation>결제창을 열지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Checking the payment with PortOne…</source>
        <translation>포트원에서 결제를 확인하는 중…</translation>
    </message>
    <message>
        <source>The payment could not be checked yet (%1). It is checked again shortly.</source>
        <translation>아직 결제를 확인하지 못했습니다 (%1). 잠시 후 다시 확인합니다.</translation>
    </message>
</context>
<context>
    <name>ChargeAgainDialog</name>
    <message>
        <source>Charge a saved card</source>
        <translation>저장된 카드로 결제</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Same as last time</source>
        <translation>지난번과 같게</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>No earlier order</source>
        <translation>이전 주문 없음</translation>
    </message>
    <message>
        <source>tax-free %1</source>
        <translation>면세 %1</translation>
    </message>
    <message>
        <source>Charge this saved card</source>
        <translation>저장된 카드로 결제</translation>
    </message>
    <message>
        <source>This card was charged %1 %2 minute(s) ago. Charge it again anyway?</source>
        <translation>이 카드는 %2분 전에 %1이 결제되었습니다. 그래도 다시 결제할까요?</translation>
    </message>
    <message>
        <source>Charging…</source>
        <translation>결제 중…</translation>
    </message>
</context>
<context>
    <name>CloseSlip</name>
    <message>
        <source>Payments</source>
        <translation>결제 건수</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>총매출</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>순매출</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>부가세</translation>
    </message>
    <message>
        <source>Tax-free</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Day-end close</source>
        <translation>일 마감 정산서</translation>
    </message>
    <message>
        <source>Closed by %1 at %2 (Korea time)</source>
        <translation>마감: %1, %2 (한국 시간)</translation>
    </message>
    <message>
        <source>Totals at the close</source>
        <translation>마감 시 합계</translation>
    </message>
    <message>
        <source>Adjustments since the close</source>
        <translation>마감 후 조정</translation>
    </message>
    <message>
        <source>Totals now</source>
        <translation>현재 합계</translation>
    </message>
    <message>
        <source>No change since the close.</source>
        <translation>마감 후 변경이 없습니다.</translation>
    </message>
    <message>
        <source>Audit trail entry %1, hash %2</source>
        <translation>감사 기록 항목 %1, 해시 %2</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Confirm payment</source>
        <translation>결제 확인</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Installments</source>
        <translation>할부</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>부가세</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>Order name</source>
        <translation>주문명</translation>
    </message>
    <message>
        <source>Charge anyway</source>
        <translation>그래도 결제</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>kcp-pos: something went wrong</source>
        <translation>kcp-pos: 문제가 생겼습니다</translation>
    </message>
    <message>
        <source>Something went wrong in kcp-pos.</source>
        <translation>kcp-pos에 문제가 생겼습니다.</translation>
    </message>
    <message>
        <source>An error the program did not expect (%1) stopped what it was doing.</source>
        <translation>프로그램이 예상하지 못한 오류(%1) 때문에 하던 작업이 멈췄습니다.</translation>
    </message>
    <message>
        <source>No payment was lost: every payment is written down before it is sent, and kcp-pos checks any unfinished payment when it starts again.</source>
        <translation>결제는 하나도 사라지지 않았습니다. 모든 결제는 보내기 전에 먼저 기록되고, kcp-pos를 다시 시작하면 끝나지 않은 결제를 확인합니다.</translation>
    </message>
    <message>
        <source>If you were taking a payment just now, look it up on the Transactions page (Ctrl+3) before charging the card again.</source>
        <translation>방금 결제를 받던 중이었다면, 카드를 다시 결제하기 전에 거래 내역 화면(Ctrl+3)에서 그 결제를 먼저 확인하세요.</translation>
    </message>
    <message>
        <source>kcp-pos keeps running. If a screen stops answering, close kcp-pos and start it again.</source>
        <translation>kcp-pos는 계속 실행됩니다. 화면이 반응하지 않으면 kcp-pos를 닫고 다시 시작하세요.</translation>
    </message>
    <message>
        <source>Open report folder</source>
        <translation>보고서 폴더 열기</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>The report could not be saved. What happened is in the log, in this folder:</source>
        <translation>보고서를 저장하지 못했습니다. 일어난 일은 이 폴더의 로그에 있습니다:</translation>
    </message>
    <message>
        <source>A report for your support contact was saved (it holds no card numbers):</source>
        <translation>지원 담당자에게 보낼 보고서를 저장했습니다(카드 번호는 들어 있지 않습니다):</translation>
    </message>
    <message>
        <source>Errors since this one, in the log only: %1</source>
        <translation>이후 오류(로그에만 기록됨): %1건</translation>
    </message>
</context>
<context>
    <name>CustomerDetailPane</name>
    <message>
        <source>Payments with this card</source>
        <translation>이 카드의 결제</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Select a customer to see their card and payments.</source>
        <translation>고객을 선택하면 카드와 결제 내역이 보입니다.</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>등록일</translation>
    </message>
    <message>
        <source>Billing key</source>
        <translation>빌링키</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(이름 없음)</translation>
    </message>
    <message>
        <source>The last check found this billing key gone from PortOne (%1).</source>
        <translation>마지막 확인에서 이 빌링키가 포트원에 없었습니다 (%1).</translation>
    </message>
    <message>
        <source>Checking the billing key with PortOne…</source>
        <translation>포트원에서 빌링키를 확인하는 중…</translation>
    </message>
    <message>
        <source>Could not read this customer (%1).</source>
        <translation>고객 정보를 읽지 못했습니다 (%1).</translation>
    </message>
    <message>
        <source>PortOne no longer has this billing key: the card cannot be charged. Register the card again.</source>
        <translation>포트원에 이 빌링키가 더 이상 없습니다. 이 카드로는 결제할 수 없으니 카드를 다시 등록해 주세요.</translation>
    </message>
    <message>
        <source>PortOne could not be asked (%1); the card may still be charged.</source>
        <translation>포트원에 확인하지 못했습니다 (%1). 카드는 여전히 결제될 수 있습니다.</translation>
    </message>
    <message>
        <source>Billing key active at PortOne (last changed %1).</source>
        <translation>포트원에 빌링키가 등록되어 있습니다 (최종 변경 %1).</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Choose the buyer</source>
        <translation>구매자 선택</translation>
    </message>
    <message>
        <source>Name, phone, e-mail or the card&apos;s last 4 digits</source>
        <translation>이름, 전화번호, 이메일 또는 카드 끝 4자리</translation>
    </message>
    <message>
        <source>No customer matches.</source>
        <translation>맞는 고객이 없습니다.</translation>
    </message>
</context>
<context>
    <name>CustomerTable</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>등록일</translation>
    </message>
    <message>
        <source>Last charge</source>
        <translation>최근 결제</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Search by name, phone, e-mail or the card&apos;s last 4 digits</source>
        <translation>이름, 전화번호, 이메일 또는 카드 끝 4자리로 검색</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>고객 검색</translation>
    </message>
    <message>
        <source>Check with PortOne</source>
        <translation>포트원과 대조</translation>
    </message>
    <message>
        <source>Ask PortOne for every saved card; mark the ones it no longer has.</source>
        <translation>저장된 카드를 모두 포트원에 확인하고, 포트원에 없는 카드를 표시합니다.</translation>
    </message>
    <message>
        <source>Add customer…</source>
        <translation>고객 추가…</translation>
    </message>
    <message>
        <source>Card window…</source>
        <translation>카드 등록창…</translation>
    </message>
    <message>
        <source>Add a customer who types the card in KCP&apos;s card window</source>
        <translation>고객이 KCP 카드 등록창에 직접 카드를 입력해 고객 추가</translation>
    </message>
    <message>
        <source>Batch charge…</source>
        <translation>일괄 결제…</translation>
    </message>
    <message>
        <source>Charge many saved cards from a CSV file</source>
        <translation>CSV 파일로 저장된 카드 여러 장을 한 번에 결제</translation>
    </message>
    <message>
        <source>Charge again…</source>
        <translation>다시 결제…</translation>
    </message>
    <message>
        <source>Delete card…</source>
        <translation>카드 삭제…</translation>
    </message>
    <message>
        <source>Replace card…</source>
        <translation>카드 교체…</translation>
    </message>
    <message>
        <source>Save the customer&apos;s new card; the old one is deleted at PortOne.</source>
        <translation>고객의 새 카드를 등록하고, 기존 카드는 포트원에서 삭제합니다.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>“%1”에 맞는 고객이 없습니다.</translation>
    </message>
    <message>
        <source>No customers yet. Add one (%1), or save a card from the terminal.</source>
        <translation>아직 고객이 없습니다. 고객을 추가하거나(%1) 단말기 화면에서 카드를 저장하세요.</translation>
    </message>
    <message>
        <source>%1 customers shown; scroll for more.</source>
        <translation>고객 %1명 표시 중 · 더 보려면 스크롤하세요.</translation>
    </message>
    <message>
        <source>%1 customers.</source>
        <translation>고객 %1명</translation>
    </message>
    <message>
        <source>The directory could not be read (%1).</source>
        <translation>고객 목록을 읽지 못했습니다 (%1).</translation>
    </message>
    <message>
        <source>%1 customers selected: %2 charges them together.</source>
        <translation>고객 %1명 선택됨: %2 키로 한꺼번에 결제합니다.</translation>
    </message>
    <message>
        <source>The last charge of this card could not be checked. Do not charge it again now: restart the app to settle it first.</source>
        <translation>이 카드의 마지막 결제 결과를 확인하지 못했습니다. 지금 다시 결제하지 마시고, 먼저 프로그램을 다시 시작해 결과를 확인하세요.</translation>
    </message>
    <message>
        <source>Deleting a saved card</source>
        <translation>저장된 카드 삭제</translation>
    </message>
    <message>
        <source>Not deleted: deleting a saved card needs a manager.</source>
        <translation>삭제하지 않았습니다: 저장된 카드 삭제는 매니저가 승인해야 합니다.</translation>
    </message>
    <message>
        <source>Deleting the saved card…</source>
        <translation>저장된 카드를 삭제하는 중…</translation>
    </message>
    <message>
        <source>The saved card was deleted.</source>
        <translation>저장된 카드를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Not deleted: the card has %1 booked schedule(s). Revoke them first.</source>
        <translation>삭제하지 않았습니다. 이 카드에 예약된 결제가 %1건 있습니다. 먼저 예약을 취소하세요.</translation>
    </message>
    <message>
        <source>Not deleted (%1). Try again.</source>
        <translation>삭제하지 못했습니다 (%1). 다시 시도하세요.</translation>
    </message>
    <message>
        <source>%1 saved cards checked; %2 no longer at PortOne.</source>
        <translation>저장된 카드 %1개를 확인했습니다. 포트원에 없는 카드: %2개.</translation>
    </message>
    <message>
        <source>Not checked (%1). Try again.</source>
        <translation>확인하지 못했습니다 (%1). 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Checking the saved cards with PortOne…</source>
        <translation>저장된 카드를 포트원에 확인하는 중…</translation>
    </message>
    <message>
        <source>Checking the saved cards with PortOne… %1%</source>
        <translation>저장된 카드를 포트원에 확인하는 중… %1%</translation>
    </message>
    <message>
        <source>A charge of a saved card is still being checked.</source>
        <translation>저장된 카드 결제 결과를 아직 확인하고 있습니다.</translation>
    </message>
    <message>
        <source>A card being saved is still being checked.</source>
        <translation>등록 중인 카드의 결과를 아직 확인하고 있습니다.</translation>
    </message>
    <message>
        <source>A batch charge is still running.</source>
        <translation>일괄 결제가 아직 진행 중입니다.</translation>
    </message>
    <message>
        <source>A charge or card form is still open: what was typed in it is not kept.</source>
        <translation>결제 또는 카드 입력 창이 아직 열려 있습니다. 닫으면 입력한 내용은 남지 않습니다.</translation>
    </message>
</context>
<context>
    <name>DeclineReason</name>
    <message>
        <source>The card company declined the payment. Ask the customer to call their card company or use another card.</source>
        <translation>카드사가 승인을 거절했습니다. 고객에게 카드사에 문의하거나 다른 카드를 사용하도록 안내해 주세요.</translation>
    </message>
    <message>
        <source>The amount is over the card&apos;s limit for a single payment. Split the amount or use another card.</source>
        <translation>1회 결제 한도를 넘었습니다. 금액을 나누거나 다른 카드로 결제해 주세요.</translation>
    </message>
    <message>
        <source>The linked bank account has insufficient funds (debit card). Use another card.</source>
        <translation>연결된 계좌의 잔액이 부족합니다(체크카드). 다른 카드로 결제해 주세요.</translation>
    </message>
    <message>
        <source>The card&apos;s credit limit is exceeded. Use another card.</source>
        <translation>카드 한도를 초과했습니다. 다른 카드로 결제해 주세요.</translation>
    </message>
    <message>
        <source>The installment months are not allowed for this card. Choose full payment or other months.</source>
        <translation>할부 개월 수가 맞지 않습니다. 일시불로 결제하거나 할부 개월 수를 바꿔 주세요.</translation>
    </message>
    <message>
        <source>This merchant is not allowed to take keyed-in card payments. Contact the payment gateway.</source>
        <translation>이 가맹점은 카드번호 수기 입력 결제(KEY-IN)가 허용되지 않습니다. PG사에 문의해 주세요.</translation>
    </message>
    <message>
        <source>This card was reported lost or stolen. Do not proceed with this card.</source>
        <translation>도난·분실 신고된 카드입니다. 결제를 진행하지 마세요.</translation>
    </message>
    <message>
        <source>The expiry date has passed or does not match the card. Check the expiry date.</source>
        <translation>유효기간이 지났거나 카드와 맞지 않습니다. 유효기간을 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>The first two PIN digits are wrong. Check them with the customer.</source>
        <translation>카드 비밀번호 앞 2자리가 맞지 않습니다. 고객에게 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>The date of birth (or business registration number) does not match the card. Check it again.</source>
        <translation>생년월일(또는 사업자등록번호)이 카드 정보와 맞지 않습니다. 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>The card details do not match. Check the card number, expiry and date of birth.</source>
        <translation>카드 정보가 맞지 않습니다. 카드번호·유효기간·생년월일을 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>The payment was declined: %1</source>
        <translation>결제가 거절되었습니다: %1</translation>
    </message>
    <message>
        <source>The payment was declined (no reason given).</source>
        <translation>결제가 거절되었습니다. (사유 없음)</translation>
    </message>
</context>
<context>
    <name>DeleteKeyDialog</name>
    <message>
        <source>Delete a saved card</source>
        <translation>저장된 카드 삭제</translation>
    </message>
    <message>
        <source>Delete the saved card of %1 (%2)?</source>
        <translation>%1 님의 저장된 카드(%2)를 삭제할까요?</translation>
    </message>
    <message>
        <source>The card can no longer be charged again. Past payments are kept. A card with booked schedules is not deleted until they are revoked.</source>
        <translation>이 카드로는 더 이상 다시 결제할 수 없습니다. 지난 결제 내역은 남습니다. 예약된 결제가 있는 카드는 예약을 취소하기 전에는 삭제되지 않습니다.</translation>
    </message>
    <message>
        <source>e.g. Customer asked, card lost</source>
        <translation>예: 고객 요청, 카드 분실</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Delete card</source>
        <translation>카드 삭제</translation>
    </message>
    <message>
        <source>Reason (kept in the audit trail)</source>
        <translation>사유 (감사 기록에 남습니다)</translation>
    </message>
</context>
<context>
    <name>DepositNotice</name>
    <message>
        <source>Shop</source>
        <translation>상점</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>Amount to deposit</source>
        <translation>입금할 금액</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>은행</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>계좌번호</translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation>예금주</translation>
    </message>
    <message>
        <source>Deposit by (Korea time)</source>
        <translation>입금 기한 (한국 시간)</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Deposit details</source>
        <translation>입금 안내</translation>
    </message>
    <message>
        <source>Deposit the exact amount by the date above; the order is paid then.</source>
        <translation>위 기한까지 정확한 금액을 입금하시면 결제가 완료됩니다.</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>&amp;Amount (KRW)</source>
        <translation>결제 금액 (원)</translation>
    </message>
    <message>
        <source>e.g. Phone order: coffee beans 1 kg</source>
        <translation>예: 전화주문 원두 1kg</translation>
    </message>
    <message>
        <source>&amp;Order name</source>
        <translation>주문명</translation>
    </message>
    <message>
        <source>&amp;Buyer name</source>
        <translation>구매자 이름</translation>
    </message>
    <message>
        <source>Buyer &amp;phone</source>
        <translation>구매자 전화번호</translation>
    </message>
    <message>
        <source>&amp;Installments</source>
        <translation>할부</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>선택</translation>
    </message>
    <message>
        <source>&amp;Tax-free amount (KRW)</source>
        <translation>면세 금액 (원)</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Charge and save card</source>
        <translation>결제 후 카드 저장</translation>
    </message>
    <message>
        <source>Register card only</source>
        <translation>카드 등록만</translation>
    </message>
    <message>
        <source>Typed keys go into a field: click one or press Shift+Tab first.</source>
        <translation>입력한 키는 입력란에 들어가야 합니다. 입력란을 누르거나 Shift+Tab을 먼저 눌러 주세요.</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문 정보</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>결제 조건</translation>
    </message>
    <message>
        <source>Connecting to the payment server… you can type the order meanwhile.</source>
        <translation>결제 서버에 연결하는 중입니다… 그동안 주문을 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Saving or registering a card needs the buyer&apos;s name.</source>
        <translation>카드를 저장하거나 등록하려면 구매자 이름이 필요합니다.</translation>
    </message>
    <message>
        <source>To charge, complete: %1</source>
        <translation>결제하려면 입력해 주세요: %1</translation>
    </message>
    <message>
        <source>VAT %1 · supply value %2</source>
        <translation>부가세 %1 · 공급가액 %2</translation>
    </message>
</context>
<context>
    <name>EscrowDialog</name>
    <message>
        <source>Escrow orders and shipping</source>
        <translation>에스크로 주문과 배송</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>결제 시각</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Shipment</source>
        <translation>배송</translation>
    </message>
    <message>
        <source>Read from PortOne</source>
        <translation>포트원에서 조회</translation>
    </message>
    <message>
        <source>Check the deposit</source>
        <translation>입금 확인</translation>
    </message>
    <message>
        <source>Print account details…</source>
        <translation>입금 계좌 안내 인쇄…</translation>
    </message>
    <message>
        <source>Register the shipment</source>
        <translation>배송 정보 등록</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Courier</source>
        <translation>택배사</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>송장번호</translation>
    </message>
    <message>
        <source>Sent at (Korea time)</source>
        <translation>발송 시각 (한국 시간)</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>보내는 사람</translation>
    </message>
    <message>
        <source>Sender&apos;s phone</source>
        <translation>보내는 사람 전화번호</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>받는 사람</translation>
    </message>
    <message>
        <source>Receiver&apos;s phone</source>
        <translation>받는 사람 전화번호</translation>
    </message>
    <message>
        <source>Receiver&apos;s address</source>
        <translation>받는 사람 주소</translation>
    </message>
    <message>
        <source>Receiver&apos;s postcode</source>
        <translation>받는 사람 우편번호</translation>
    </message>
    <message>
        <source>KCP does not allow changing a shipment once it is registered.</source>
        <translation>KCP는 한 번 등록한 배송 정보를 수정할 수 없습니다.</translation>
    </message>
    <message>
        <source>Register shipment</source>
        <translation>배송 등록</translation>
    </message>
    <message>
        <source>Orders: %1</source>
        <translation>주문 %1건</translation>
    </message>
    <message>
        <source>Awaiting deposit</source>
        <translation>입금 대기</translation>
    </message>
    <message>
        <source>Not shipped</source>
        <translation>배송 전</translation>
    </message>
    <message>
        <source>This order&apos;s payment is not counted as paid (see its alert); do not ship.</source>
        <translation>이 주문의 결제는 결제 완료로 인정되지 않았습니다(경고 참고). 배송하지 마세요.</translation>
    </message>
    <message>
        <source>Checking the payment with PortOne…</source>
        <translation>포트원에서 결제를 확인하는 중…</translation>
    </message>
    <message>
        <source>This order was not opened on this terminal.</source>
        <translation>이 단말기에서 연 주문이 아닙니다.</translation>
    </message>
    <message>
        <source>Still to ship</source>
        <translation>배송 등록 전</translation>
    </message>
    <message>
        <source>All paid escrow orders</source>
        <translation>결제 완료된 에스크로 주문 전체</translation>
    </message>
    <message>
        <source>Awaiting deposit (virtual accounts)</source>
        <translation>입금 대기 (가상계좌)</translation>
    </message>
    <message>
        <source>No escrow order selected.</source>
        <translation>선택한 에스크로 주문이 없습니다.</translation>
    </message>
    <message>
        <source>Awaiting the buyer&apos;s deposit. Check it to see the account details.</source>
        <translation>구매자의 입금을 기다리는 중입니다. 입금 확인을 누르면 계좌 정보가 보입니다.</translation>
    </message>
    <message>
        <source>Shipped: %1, sent %2.</source>
        <translation>배송 등록됨: %1, 발송 %2.</translation>
    </message>
    <message>
        <source>Not shipped yet.</source>
        <translation>아직 배송 등록 전입니다.</translation>
    </message>
    <message>
        <source>Registering the shipment…</source>
        <translation>배송 정보를 등록하는 중…</translation>
    </message>
    <message>
        <source>The shipment is registered.</source>
        <translation>배송 정보가 등록되었습니다.</translation>
    </message>
    <message>
        <source>PortOne did not answer and shows no shipment yet. Use Read from PortOne in a minute before registering again.</source>
        <translation>포트원이 응답하지 않았고 아직 등록된 배송 정보가 없습니다. 다시 등록하기 전에 잠시 후 &apos;포트원에서 조회&apos;로 확인하세요.</translation>
    </message>
    <message>
        <source>This is not an escrow order.</source>
        <translation>에스크로 주문이 아닙니다.</translation>
    </message>
    <message>
        <source>Only paid orders can be shipped.</source>
        <translation>결제 완료된 주문만 배송 등록할 수 있습니다.</translation>
    </message>
    <message>
        <source>A shipment is already registered for this order; KCP allows no change.</source>
        <translation>이 주문에는 이미 배송 정보가 등록되어 있습니다. KCP는 수정을 허용하지 않습니다.</translation>
    </message>
    <message>
        <source>PortOne refused it: %1</source>
        <translation>포트원이 거절했습니다: %1</translation>
    </message>
    <message>
        <source>Not registered: %1</source>
        <translation>등록하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Reading the shipment from PortOne…</source>
        <translation>포트원에서 배송 정보를 조회하는 중…</translation>
    </message>
    <message>
        <source>PortOne has no shipment for this order.</source>
        <translation>포트원에 이 주문의 배송 정보가 없습니다.</translation>
    </message>
    <message>
        <source>PortOne has: %1.</source>
        <translation>포트원 등록 정보: %1.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Dates</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>어제</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>이번 주</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>이번 달</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>기간 지정</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>시작일</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>종료일</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Pay method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>All pay methods</source>
        <translation>모든 결제수단</translation>
    </message>
    <message>
        <source>Escrow</source>
        <translation>에스크로</translation>
    </message>
    <message>
        <source>Escrow or not</source>
        <translation>에스크로 전체</translation>
    </message>
    <message>
        <source>Escrow only</source>
        <translation>에스크로만</translation>
    </message>
    <message>
        <source>Without escrow</source>
        <translation>에스크로 제외</translation>
    </message>
    <message>
        <source>Approval no., order ID or the card&apos;s last 4 digits</source>
        <translation>승인번호, 주문번호 또는 카드 끝 4자리</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Amount from</source>
        <translation>최소 금액</translation>
    </message>
    <message>
        <source>Lowest amount</source>
        <translation>최소 금액</translation>
    </message>
    <message>
        <source>Amount to</source>
        <translation>최대 금액</translation>
    </message>
    <message>
        <source>Highest amount</source>
        <translation>최대 금액</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>The last day is before the first.</source>
        <translation>종료일이 시작일보다 앞섭니다.</translation>
    </message>
    <message>
        <source>An amount is whole won in digits, like 50,000.</source>
        <translation>금액은 50,000처럼 원 단위 숫자로 입력하세요.</translation>
    </message>
    <message>
        <source>The lowest amount is above the highest.</source>
        <translation>최소 금액이 최대 금액보다 큽니다.</translation>
    </message>
    <message>
        <source>The search is too long: at most 40 characters.</source>
        <translation>검색어가 너무 깁니다. 40자 이내로 입력하세요.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>&amp;Back</source>
        <translation>뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>%2단계 중 %1단계</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>마침(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>다음(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>건너뛰기(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>닫기(&amp;C)</translation>
    </message>
    <message>
        <source>Keep the default settings (training) and go to the administrator.</source>
        <translation>기본 설정(연습 모드)을 그대로 두고 관리자 설정으로 넘어갑니다.</translation>
    </message>
    <message>
        <source>Close without saving.</source>
        <translation>저장하지 않고 닫습니다.</translation>
    </message>
    <message>
        <source>Skip the setup? The terminal stays in training mode with the default settings, and the administrator is set up next. Settings can be changed later.</source>
        <translation>설정을 건너뛸까요? 단말기는 기본 설정의 연습 모드(SANDBOX)로 남고, 다음으로 관리자를 설정합니다. 설정은 나중에 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Close the setup without saving?</source>
        <translation>저장하지 않고 설정을 닫을까요?</translation>
    </message>
    <message>
        <source>First-time setup</source>
        <translation>처음 설정</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>건너뛰기</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Go on with the setup</source>
        <translation>설정 계속하기</translation>
    </message>
    <message>
        <source>Enter the shop&apos;s name; receipts print it.</source>
        <translation>상호를 입력하세요. 영수증에 인쇄됩니다.</translation>
    </message>
    <message>
        <source>Enter the REST API key from PortOne&apos;s console.</source>
        <translation>포트원 관리자 콘솔의 REST API 키를 입력하세요.</translation>
    </message>
    <message>
        <source>PortOne did not accept this key pair, so live payments cannot start: %1</source>
        <translation>포트원이 이 키를 받아들이지 않아 실제 결제를 시작할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(입력 안 함)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>상점</translation>
    </message>
    <message>
        <source>Skipped: set it later in Settings</source>
        <translation>건너뜀: 나중에 설정에서 입력하세요</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>상호</translation>
    </message>
    <message>
        <source>Business registration number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Live (key %1)</source>
        <translation>실제 결제 (키 %1)</translation>
    </message>
    <message>
        <source>Training (sandbox): no money moves</source>
        <translation>연습 모드 (SANDBOX): 실제 돈이 오가지 않습니다</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>The rest of the window changes language at the next start.</source>
        <translation>창의 나머지 부분은 다음 실행 때 언어가 바뀝니다.</translation>
    </message>
    <message>
        <source>Everything here can be changed later in Settings.</source>
        <translation>여기서 정한 내용은 모두 나중에 설정에서 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>The administrator %1 was made, but the settings were not saved: %2. Press Finish to try again.</source>
        <translation>관리자 %1님은 만들어졌지만 설정은 저장되지 않았습니다: %2. 마침을 눌러 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Made already: sign in later with the PIN given then.</source>
        <translation>이미 만들어졌습니다. 나중에 그때 정한 PIN으로 로그인하세요.</translation>
    </message>
</context>
<context>
    <name>InputError</name>
    <message>
        <source>Enter the card number.</source>
        <translation>카드번호를 입력해 주세요.</translation>
    </message>
    <message>
        <source>Use digits only for the card number.</source>
        <translation>카드번호는 숫자만 입력해 주세요.</translation>
    </message>
    <message>
        <source>Check the number of digits (usually 16; AMEX 15, Diners 14).</source>
        <translation>카드번호 자릿수를 확인해 주세요. (보통 16자리, AMEX 15자리, 다이너스 14자리)</translation>
    </message>
    <message>
        <source>This card number is not valid. Check each digit again.</source>
        <translation>카드번호가 올바르지 않습니다. 한 자리씩 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>Enter the expiry date (MM/YY).</source>
        <translation>유효기간을 입력해 주세요. (MM/YY)</translation>
    </message>
    <message>
        <source>Enter the expiry date as MM/YY.</source>
        <translation>유효기간은 MM/YY 형식으로 입력해 주세요.</translation>
    </message>
    <message>
        <source>The expiry month must be between 01 and 12.</source>
        <translation>유효기간의 월은 01부터 12 사이여야 합니다.</translation>
    </message>
    <message>
        <source>This card has expired. Check the expiry date.</source>
        <translation>유효기간이 지난 카드입니다. 유효기간을 확인해 주세요.</translation>
    </message>
    <message>
        <source>An expiry more than %1 years ahead is not possible. Check it again.</source>
        <translation>유효기간이 %1년 이상 남아 있을 수 없습니다. 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>Enter the 6-digit date of birth (YYMMDD).</source>
        <translation>생년월일 6자리를 입력해 주세요. (YYMMDD)</translation>
    </message>
    <message>
        <source>Enter the date of birth as 6 digits (YYMMDD).</source>
        <translation>생년월일은 숫자 6자리(YYMMDD)로 입력해 주세요.</translation>
    </message>
    <message>
        <source>That date does not exist. Check the date of birth.</source>
        <translation>없는 날짜입니다. 생년월일을 확인해 주세요.</translation>
    </message>
    <message>
        <source>Enter the 10-digit business registration number.</source>
        <translation>사업자등록번호 10자리를 입력해 주세요.</translation>
    </message>
    <message>
        <source>Enter the business registration number as 10 digits (e.g. 123-45-67890).</source>
        <translation>사업자등록번호는 숫자 10자리로 입력해 주세요. (예: 123-45-67890)</translation>
    </message>
    <message>
        <source>This business registration number is not valid. Check it again.</source>
        <translation>사업자등록번호가 올바르지 않습니다. 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>Enter the first 2 digits of the card PIN.</source>
        <translation>카드 비밀번호 앞 2자리를 입력해 주세요.</translation>
    </message>
    <message>
        <source>Enter the first 2 digits of the card PIN (digits only).</source>
        <translation>카드 비밀번호 앞 2자리를 숫자로 입력해 주세요.</translation>
    </message>
    <message>
        <source>Enter the amount.</source>
        <translation>결제 금액을 입력해 주세요.</translation>
    </message>
    <message>
        <source>Enter the amount in whole won, digits only.</source>
        <translation>금액은 원 단위 숫자로 입력해 주세요.</translation>
    </message>
    <message>
        <source>The amount must be at least 1 won.</source>
        <translation>결제 금액은 1원 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The amount cannot exceed ₩%1 per payment.</source>
        <translation>한 번에 결제할 수 있는 금액은 %1원까지입니다.</translation>
    </message>
    <message>
        <source>Enter the tax-free amount in whole won, digits only.</source>
        <translation>면세 금액은 원 단위 숫자로 입력해 주세요.</translation>
    </message>
    <message>
        <source>The tax-free amount cannot be negative.</source>
        <translation>면세 금액은 0원 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The tax-free amount cannot exceed the amount.</source>
        <translation>면세 금액은 결제 금액보다 클 수 없습니다.</translation>
    </message>
    <message>
        <source>Choose full payment or 2 to %1 monthly installments.</source>
        <translation>할부 개월 수는 일시불 또는 2~%1개월 중에서 선택해 주세요.</translation>
    </message>
    <message>
        <source>Installments are available from ₩%1.</source>
        <translation>할부는 %1원 이상 결제에만 가능합니다.</translation>
    </message>
    <message>
        <source>Enter the phone number.</source>
        <translation>전화번호를 입력해 주세요.</translation>
    </message>
    <message>
        <source>Check the phone number (e.g. 010-1234-5678).</source>
        <translation>전화번호를 확인해 주세요. (예: 010-1234-5678)</translation>
    </message>
    <message>
        <source>Enter the buyer&apos;s name.</source>
        <translation>구매자 이름을 입력해 주세요.</translation>
    </message>
    <message>
        <source>The buyer&apos;s name can be at most %1 characters.</source>
        <translation>구매자 이름은 %1자까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>고객 이름을 입력해 주세요.</translation>
    </message>
    <message>
        <source>The customer&apos;s name can be at most %1 characters.</source>
        <translation>고객 이름은 %1자까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Enter the order name.</source>
        <translation>주문명을 입력해 주세요.</translation>
    </message>
    <message>
        <source>The order name can be at most %1 characters.</source>
        <translation>주문명은 %1자까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Enter the product&apos;s name.</source>
        <translation>상품명을 입력하세요.</translation>
    </message>
    <message>
        <source>The product&apos;s name can be at most %1 characters.</source>
        <translation>상품명은 %1자까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Enter the quantity.</source>
        <translation>수량을 입력하세요.</translation>
    </message>
    <message>
        <source>The quantity is a whole number from 1 to %1.</source>
        <translation>수량은 1부터 %1까지의 정수로 입력하세요.</translation>
    </message>
    <message>
        <source>Add at least one product to the cart.</source>
        <translation>장바구니에 상품을 하나 이상 담으세요.</translation>
    </message>
    <message>
        <source>A postcode has 5 digits.</source>
        <translation>우편번호는 숫자 5자리입니다.</translation>
    </message>
    <message>
        <source>Account transfer and virtual accounts are offered for escrow orders only.</source>
        <translation>계좌이체와 가상계좌는 에스크로 주문에서만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>A gift certificate needs the customer&apos;s shop ID.</source>
        <translation>상품권 결제에는 고객의 쇼핑몰 아이디가 필요합니다.</translation>
    </message>
    <message>
        <source>The customer&apos;s shop ID can be at most 20 bytes (about 6 Korean letters).</source>
        <translation>고객의 쇼핑몰 아이디는 20바이트(한글 약 6자)까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Choose the courier.</source>
        <translation>택배사를 선택하세요.</translation>
    </message>
    <message>
        <source>Enter the tracking number.</source>
        <translation>송장번호를 입력하세요.</translation>
    </message>
    <message>
        <source>A tracking number has letters, digits and dashes only (at most %1).</source>
        <translation>송장번호는 영문, 숫자, 대시(-)만 쓸 수 있습니다 (최대 %1자).</translation>
    </message>
    <message>
        <source>The sending time cannot be in the future.</source>
        <translation>발송 시각은 미래일 수 없습니다.</translation>
    </message>
    <message>
        <source>Enter the PIN.</source>
        <translation>PIN을 입력하세요.</translation>
    </message>
    <message>
        <source>A PIN has %1 to %2 digits.</source>
        <translation>PIN은 숫자 %1~%2자리입니다.</translation>
    </message>
    <message>
        <source>Enter the operator&apos;s name.</source>
        <translation>운영자 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>An operator&apos;s name can be at most %1 characters.</source>
        <translation>운영자 이름은 최대 %1자입니다.</translation>
    </message>
    <message>
        <source>This name is the app&apos;s own in the audit trail. Choose another.</source>
        <translation>이 이름은 감사 기록에서 프로그램이 쓰는 이름입니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <source>Remove line breaks and control characters.</source>
        <translation>줄바꿈이나 특수 제어 문자 없이 입력해 주세요.</translation>
    </message>
    <message>
        <source>Enter the reason for the refund.</source>
        <translation>환불 사유를 입력하세요.</translation>
    </message>
    <message>
        <source>The reason for the refund can be at most %1 characters.</source>
        <translation>환불 사유는 최대 %1자까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>Check the e-mail address (e.g. name@example.com).</source>
        <translation>이메일 주소를 확인해 주세요. (예: name@example.com)</translation>
    </message>
    <message>
        <source>An ID may hold only letters, digits, &apos;-&apos; and &apos;_&apos; (an order ID at most %1 characters, a customer ID at most %2).</source>
        <translation>ID에는 영문자, 숫자, &apos;-&apos;, &apos;_&apos;만 쓸 수 있습니다. (주문 ID는 %1자, 고객 ID는 %2자까지)</translation>
    </message>
</context>
<context>
    <name>KeychainError</name>
    <message>
        <source>No usable OS keychain was found, so the API key and secret cannot be saved. The app keeps working in sandbox (training) mode; live payments need a keychain (macOS Keychain, Windows Credential Locker or a Secret Service such as GNOME Keyring).</source>
        <translation>사용할 수 있는 OS 키체인이 없어 API 키와 시크릿을 저장할 수 없습니다. 연습 모드(SANDBOX)는 계속 쓸 수 있지만, 실제 결제에는 키체인(macOS 키체인, Windows 자격 증명 관리자, GNOME 키링 등 Secret Service)이 필요합니다.</translation>
    </message>
    <message>
        <source>The keychain (%1) refused to save the API key (%2). Unlock it and try again.</source>
        <translation>키체인(%1)이 API 키 저장을 거부했습니다 (%2). 키체인 잠금을 푼 뒤 다시 시도하세요.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to kcp-pos</source>
        <translation>kcp-pos에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>A few questions set up this terminal. Choose the language first; it changes at once. Use the arrow keys to choose and Enter to go on.</source>
        <translation>몇 가지 질문으로 이 단말기를 설정합니다. 먼저 언어를 고르세요. 바로 바뀝니다. 화살표 키로 고르고 Enter로 넘어갑니다.</translation>
    </message>
</context>
<context>
    <name>LastCrashNotice</name>
    <message>
        <source>kcp-pos stopped unexpectedly</source>
        <translation>kcp-pos가 예기치 않게 종료됨</translation>
    </message>
    <message>
        <source>kcp-pos stopped unexpectedly last time (%1).</source>
        <translation>지난번에 kcp-pos가 예기치 않게 종료되었습니다(%1).</translation>
    </message>
    <message>
        <source>A report was saved. It holds no card numbers: you can send it to your support contact.</source>
        <translation>보고서가 저장되었습니다. 카드 번호는 들어 있지 않으니 지원 담당자에게 보내도 됩니다.</translation>
    </message>
    <message>
        <source>Payments the last run left unfinished are looked up now, as at every start, and the terminal shows how each one ended.</source>
        <translation>지난번에 끝나지 않은 결제는 시작할 때마다 그렇듯 지금 조회하며, 각 결제의 결과는 단말기 화면에 표시됩니다.</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>보고서 열기</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>폴더 열기</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <source>This computer could not open it. The report is at the path above.</source>
        <translation>이 컴퓨터에서 열 수 없습니다. 보고서는 위 경로에 있습니다.</translation>
    </message>
</context>
<context>
    <name>LateApprovalNotice</name>
    <message>
        <source>The customer was charged although the terminal said otherwise. Tell the customer, then refund the payment in the PortOne console or keep it; do not charge the order again.</source>
        <translation>단말기가 결제되지 않았다고 안내했지만 실제로는 결제되었습니다. 고객에게 알리고, PortOne 관리자 콘솔에서 환불하거나 그대로 두세요. 같은 주문을 다시 결제하지 마세요.</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>확인함(&amp;A)</translation>
    </message>
    <message>
        <source>%1 payment(s) reported as not charged were approved after all:</source>
        <translation>결제되지 않은 것으로 안내한 결제 %1건이 뒤늦게 승인되었습니다:</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <source>Enter your name and PIN. Another operator may sign in here to switch.</source>
        <translation>이름과 PIN을 입력하세요. 다른 운영자가 여기서 로그인하면 운영자가 바뀝니다.</translation>
    </message>
    <message>
        <source>The two PINs differ. Enter the PIN twice.</source>
        <translation>두 PIN이 다릅니다. PIN을 두 번 입력하세요.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this operator is locked until %1.</source>
        <translation>PIN을 여러 번 틀려 이 운영자는 %1까지 잠겼습니다.</translation>
    </message>
    <message>
        <source>Wrong name or PIN. Tries left before a 5-minute lock: %1.</source>
        <translation>이름 또는 PIN이 틀립니다. %1번 더 틀리면 5분간 잠깁니다.</translation>
    </message>
    <message>
        <source>Wrong name or PIN.</source>
        <translation>이름 또는 PIN이 틀립니다.</translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation>로그인하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>거래 내역</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>About (%1)</source>
        <translation>정보 (%1)</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>단말기</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>장바구니</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>메뉴</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Settings saved, but the API key was not: %1</source>
        <translation>설정은 저장했지만 API 키는 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Starting again in the language chosen…</source>
        <translation>선택한 언어로 다시 시작하는 중…</translation>
    </message>
    <message>
        <source>Another terminal set up this store&apos;s administrator first, so nothing of the setup typed here was saved. Sign in, then set the shop in Settings.</source>
        <translation>다른 단말기가 먼저 이 매장의 관리자를 설정해서, 여기서 입력한 설정은 저장되지 않았습니다. 로그인한 뒤 설정에서 상점 정보를 입력하세요.</translation>
    </message>
    <message>
        <source>First-time setup</source>
        <translation>처음 설정</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>잠김</translation>
    </message>
    <message>
        <source>clerk</source>
        <translation>점원</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>매니저</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>실제 결제 (LIVE)</translation>
    </message>
    <message>
        <source>TRAINING (SANDBOX)</source>
        <translation>연습 모드 (SANDBOX)</translation>
    </message>
    <message>
        <source>Reading the API key from the keychain…</source>
        <translation>키체인에서 API 키를 읽는 중…</translation>
    </message>
    <message>
        <source>Starting the training server…</source>
        <translation>연습 서버 시작 중…</translation>
    </message>
    <message>
        <source>Live API ready</source>
        <translation>실제 결제 API 준비됨</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>연결됨: %1</translation>
    </message>
    <message>
        <source>Training server ready</source>
        <translation>연습 서버 준비됨</translation>
    </message>
    <message>
        <source>Training server ready at %1</source>
        <translation>연습 서버 준비됨: %1</translation>
    </message>
    <message>
        <source>The training server could not start: %1</source>
        <translation>연습 서버를 시작하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>The payment screen could not be prepared: %1</source>
        <translation>결제 화면을 준비하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>The payment store could not be opened: %1</source>
        <translation>결제 기록 저장소를 열지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Close kcp-pos?</source>
        <translation>kcp-pos를 닫을까요?</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>그래도 닫기</translation>
    </message>
    <message>
        <source>Keep open</source>
        <translation>닫지 않기</translation>
    </message>
</context>
<context>
    <name>ManagerApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>매니저 승인</translation>
    </message>
    <message>
        <source>Approver&apos;s name</source>
        <translation>승인자 이름</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>An administrator enters their name and PIN to approve this action.</source>
        <translation>이 작업을 승인하려면 관리자가 이름과 PIN을 입력하세요.</translation>
    </message>
    <message>
        <source>A manager enters their name and PIN to approve this action.</source>
        <translation>이 작업을 승인하려면 매니저가 이름과 PIN을 입력하세요.</translation>
    </message>
    <message>
        <source>Approver&apos;s PIN</source>
        <translation>승인자 PIN</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Enter the approver&apos;s name.</source>
        <translation>승인자 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A PIN has %1 to %2 digits.</source>
        <translation>PIN은 %1~%2자리 숫자입니다.</translation>
    </message>
    <message>
        <source>The approval could not be checked (%1). Try again.</source>
        <translation>승인을 확인하지 못했습니다(%1). 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Approvals by this operator are locked until %1 after too many wrong PINs here (they can still sign in themselves).</source>
        <translation>이 화면에서 PIN이 여러 번 틀려 이 사람의 승인이 %1까지 잠겼습니다. (본인 로그인은 그대로 됩니다.)</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left: %1.</source>
        <translation>PIN이 틀렸습니다. 남은 시도 %1회.</translation>
    </message>
    <message>
        <source>No operator with this name and PIN.</source>
        <translation>이 이름과 PIN의 사용자가 없습니다.</translation>
    </message>
    <message>
        <source>This operator is not an administrator and cannot approve this.</source>
        <translation>이 사용자는 관리자가 아니어서 승인할 수 없습니다.</translation>
    </message>
    <message>
        <source>This operator is not a manager and cannot approve this.</source>
        <translation>이 사용자는 매니저가 아니어서 승인할 수 없습니다.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>LIVE PAYMENTS — cards are really charged</source>
        <translation>실제 결제 (LIVE) — 카드가 실제로 청구됩니다</translation>
    </message>
    <message>
        <source>TRAINING MODE (SANDBOX) — no real payments are made</source>
        <translation>연습 모드 (SANDBOX) — 실제 결제가 일어나지 않습니다</translation>
    </message>
    <message>
        <source>Live mode is selected but no API key is saved, so the app runs in training mode.</source>
        <translation>실제 결제가 선택되었지만 저장된 API 키가 없어 연습 모드로 실행 중입니다.</translation>
    </message>
    <message>
        <source>Live mode is selected but the keychain could not be read (locked or unavailable), so the app runs in training mode. Unlock it and restart kcp-pos.</source>
        <translation>실제 결제가 선택되었지만 키체인을 읽을 수 없어(잠김 또는 사용 불가) 연습 모드로 실행 중입니다. 키체인 잠금을 푼 뒤 kcp-pos를 다시 시작하세요.</translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <source>Training or live payments</source>
        <translation>연습 모드 또는 실제 결제</translation>
    </message>
    <message>
        <source>Start in training to learn the terminal; go live when the shop is ready.</source>
        <translation>연습 모드로 단말기를 익히고, 상점 준비가 끝나면 실제 결제로 바꾸세요.</translation>
    </message>
    <message>
        <source>Stay in training (sandbox)</source>
        <translation>연습 모드 (SANDBOX)로 시작</translation>
    </message>
    <message>
        <source>No money moves: payments go to the training server built into the app, and the banner at the top says TRAINING MODE (SANDBOX).</source>
        <translation>실제 돈이 오가지 않습니다. 결제는 앱에 들어 있는 연습 서버로 가고, 위쪽 배너에 &apos;연습 모드 (SANDBOX)&apos;라고 표시됩니다.</translation>
    </message>
    <message>
        <source>Go live with the shop&apos;s PortOne REST API key</source>
        <translation>상점의 포트원 REST API 키로 실제 결제 시작</translation>
    </message>
    <message>
        <source>Cards are really charged. The key and secret are tested with PortOne first and kept only in this computer&apos;s keychain. Live payments start after a restart.</source>
        <translation>카드가 실제로 결제됩니다. 키와 시크릿은 먼저 포트원에 연결해 확인하고, 이 컴퓨터의 키체인에만 보관합니다. 실제 결제는 앱을 다시 시작한 뒤부터 됩니다.</translation>
    </message>
    <message>
        <source>REST API key (imp_key)</source>
        <translation>REST API 키 (imp_key)</translation>
    </message>
    <message>
        <source>REST API secret (imp_secret)</source>
        <translation>REST API 시크릿 (imp_secret)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>연결 테스트(&amp;T)</translation>
    </message>
</context>
<context>
    <name>MoneyText</name>
    <message>
        <source>Full payment</source>
        <translation>일시불</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1개월</translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <source>The administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>Choose the administrator&apos;s name and a PIN of 4 to 8 digits. The administrator adds the other operators later.</source>
        <translation>관리자 이름과 4~8자리 PIN을 정하세요. 다른 운영자는 관리자가 나중에 추가합니다.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN 다시 입력</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <source>Clerk</source>
        <translation>점원</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>매니저</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Stop signing in</source>
        <translation>로그인 중지</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message>
        <source>Add operator</source>
        <translation>운영자 추가</translation>
    </message>
    <message>
        <source>PIN (4 to 8 digits)</source>
        <translation>PIN (4~8자리)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN 다시 입력</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>New operator</source>
        <translation>새 운영자</translation>
    </message>
    <message>
        <source>May not sign in</source>
        <translation>로그인 불가</translation>
    </message>
    <message>
        <source>Locked until %1 (wrong PINs)</source>
        <translation>%1까지 잠김(PIN 오류)</translation>
    </message>
    <message>
        <source>Approvals locked until %1 (wrong PINs)</source>
        <translation>%1까지 승인 잠김 (PIN 오류)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <source>Allow signing in</source>
        <translation>로그인 허용</translation>
    </message>
    <message>
        <source>The two PINs differ. Enter the PIN twice.</source>
        <translation>두 PIN이 다릅니다. PIN을 두 번 입력하세요.</translation>
    </message>
    <message>
        <source>%1 may now sign in.</source>
        <translation>이제 %1 님이 로그인할 수 있습니다.</translation>
    </message>
    <message>
        <source>An operator of this name exists already.</source>
        <translation>같은 이름의 운영자가 이미 있습니다.</translation>
    </message>
    <message>
        <source>Only an administrator may manage operators.</source>
        <translation>운영자는 관리자만 관리할 수 있습니다.</translation>
    </message>
    <message>
        <source>The last administrator who may sign in cannot be stopped.</source>
        <translation>로그인할 수 있는 마지막 관리자는 중지할 수 없습니다.</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>처리하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>OrderFields</name>
    <message>
        <source>&amp;Amount (KRW)</source>
        <translation>결제 금액 (원)</translation>
    </message>
    <message>
        <source>&amp;Order name</source>
        <translation>주문명</translation>
    </message>
    <message>
        <source>&amp;Installments</source>
        <translation>할부</translation>
    </message>
    <message>
        <source>&amp;Tax-free part</source>
        <translation>면세 금액 (원)</translation>
    </message>
</context>
<context>
    <name>OutcomeFlow</name>
    <message>
        <source>Request cancelled</source>
        <translation>요청 취소됨</translation>
    </message>
    <message>
        <source>Nothing was sent and nothing was charged. You can send it again.</source>
        <translation>아무것도 전송되지 않았고 결제되지 않았습니다. 다시 보낼 수 있습니다.</translation>
    </message>
    <message>
        <source>Nothing was sent: the saved card has %1 booked schedule(s). Revoke them first.</source>
        <translation>요청하지 않았습니다: 저장된 카드에 예약 결제가 %1건 있습니다. 먼저 예약을 취소하세요.</translation>
    </message>
    <message>
        <source>The earlier attempt of this order (%1) is still being processed by the card company and may yet be approved. Wait a minute, then try again; do not charge the card elsewhere.</source>
        <translation>이 주문의 이전 시도(%1)를 카드사가 아직 처리 중이며 승인될 수도 있습니다. 잠시 기다린 뒤 다시 시도하세요. 다른 곳에서 카드를 다시 결제하지 마세요.</translation>
    </message>
    <message>
        <source>This failed scheduled charge was already retried (charge %1), so it was not charged again. Close this window; the customer&apos;s list shows that charge.</source>
        <translation>이 실패한 예약결제는 이미 재결제되었습니다(결제 %1). 그래서 다시 결제하지 않았습니다. 이 창을 닫으세요. 고객 목록에서 해당 결제를 확인할 수 있습니다.</translation>
    </message>
    <message>
        <source>This scheduled charge is no longer a failed one that can be retried (it may have been booked again), so it was not charged. Close this window and check the customer&apos;s list.</source>
        <translation>이 예약결제는 더 이상 재결제할 수 있는 실패 건이 아닙니다(다시 예약되었을 수 있습니다). 그래서 결제하지 않았습니다. 이 창을 닫고 고객 목록을 확인하세요.</translation>
    </message>
    <message>
        <source>The request could not be sent</source>
        <translation>요청을 보내지 못했습니다</translation>
    </message>
    <message>
        <source>Nothing was charged. %1</source>
        <translation>결제되지 않았습니다. %1</translation>
    </message>
    <message>
        <source>The result is not known</source>
        <translation>결과를 알 수 없습니다</translation>
    </message>
    <message>
        <source>Do not charge again. Restart the app to check this payment. (%1)</source>
        <translation>다시 결제하지 마세요. 프로그램을 다시 시작하면 이 결제를 확인합니다. (%1)</translation>
    </message>
</context>
<context>
    <name>OutcomePanel</name>
    <message>
        <source>Status icon</source>
        <translation>상태 아이콘</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Cancel request</source>
        <translation>요청 취소</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>새 주문</translation>
    </message>
    <message>
        <source>Clear the form for the next order (Ctrl+N)</source>
        <translation>다음 주문을 위해 입력란을 비웁니다 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open PG receipt</source>
        <translation>PG 영수증 열기</translation>
    </message>
    <message>
        <source>Print / PDF receipt</source>
        <translation>영수증 인쇄/PDF</translation>
    </message>
    <message>
        <source>Ready for the next order</source>
        <translation>주문을 받을 준비가 되었습니다</translation>
    </message>
    <message>
        <source>Type the order as the customer says it: amount, order name, buyer, then the card. Enter moves to the next field; Ctrl+Enter charges.</source>
        <translation>고객이 불러 주는 순서대로 입력하세요: 금액, 주문명, 구매자, 그다음 카드 정보. Enter는 다음 칸으로, Ctrl+Enter는 결제입니다.</translation>
    </message>
    <message>
        <source>Sending the request to the card company… Please wait.</source>
        <translation>카드사에 결제를 요청하는 중입니다… 잠시 기다려 주세요.</translation>
    </message>
    <message>
        <source>Stops the request if it has not been sent yet.</source>
        <translation>아직 전송되지 않은 요청만 취소할 수 있습니다.</translation>
    </message>
    <message>
        <source>The request was already sent, so it cannot be cancelled. Wait for the result.</source>
        <translation>요청이 이미 전송되어 취소할 수 없습니다. 결과를 기다려 주세요.</translation>
    </message>
    <message>
        <source>Waiting for the card company&apos;s answer…</source>
        <translation>카드사 응답을 기다리는 중…</translation>
    </message>
    <message>
        <source>Checking the result…</source>
        <translation>결과 확인 중…</translation>
    </message>
    <message>
        <source>No answer came back, so the payment may or may not have gone through. The terminal is checking with PortOne. Do not charge this card again.</source>
        <translation>응답을 받지 못해 결제 여부를 아직 알 수 없습니다. PortOne에 결제 여부를 확인하고 있습니다. 이 카드로 다시 결제하지 마세요.</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Checked %1 times; next check in %2 s.</source>
        <translation>%1회 확인함, %2초 후 다시 확인합니다.</translation>
    </message>
    <message>
        <source>Charged by the earlier attempt</source>
        <translation>이전 시도로 결제됨</translation>
    </message>
    <message>
        <source>The earlier attempt at this order, reported as not charged, was approved after all. Nothing new was sent: the customer has paid once.</source>
        <translation>결제되지 않은 것으로 안내했던 이 주문의 이전 시도가 뒤늦게 승인되었습니다. 새로 보낸 요청은 없습니다. 고객은 한 번 결제했습니다.</translation>
    </message>
    <message>
        <source>Payment approved</source>
        <translation>결제 승인됨</translation>
    </message>
    <message>
        <source>The card was charged and the card was saved for repeat charges.</source>
        <translation>결제되었고, 다음 결제를 위해 카드가 저장되었습니다.</translation>
    </message>
    <message>
        <source>The saved card was charged.</source>
        <translation>저장된 카드로 결제되었습니다.</translation>
    </message>
    <message>
        <source>The card was charged.</source>
        <translation>결제가 완료되었습니다.</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>승인번호</translation>
    </message>
    <message>
        <source>Card company</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>카드번호</translation>
    </message>
    <message>
        <source>Installments</source>
        <translation>할부</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>부가세</translation>
    </message>
    <message>
        <source>Tax-free</source>
        <translation>면세 금액</translation>
    </message>
    <message>
        <source>Customer ID</source>
        <translation>고객 번호</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Approved at</source>
        <translation>승인 시각</translation>
    </message>
    <message>
        <source>Card registered</source>
        <translation>카드 등록됨</translation>
    </message>
    <message>
        <source>The card was saved for repeat charges. Nothing was charged.</source>
        <translation>다음 결제를 위해 카드가 저장되었습니다. 결제는 일어나지 않았습니다.</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>No payment found</source>
        <translation>결제 내역 없음</translation>
    </message>
    <message>
        <source>No payment turned up for this order, so it is treated as not charged. The terminal looks again at the next start and tells you if it was approved late.</source>
        <translation>이 주문의 결제 내역이 확인되지 않아 결제되지 않은 것으로 처리합니다. 다음 실행 때 다시 확인하고, 뒤늦게 승인되었으면 알려 드립니다.</translation>
    </message>
    <message>
        <source>Card not registered</source>
        <translation>카드 등록 실패</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>결제 거절됨</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Confirmed not charged</source>
        <translation>결제되지 않음 확인</translation>
    </message>
    <message>
        <source>PG message: %1</source>
        <translation>PG 메시지: %1</translation>
    </message>
    <message>
        <source>Key the card in again; the new attempt gets a new merchant_uid.</source>
        <translation>카드 정보를 다시 입력하세요. 새 시도에는 새 merchant_uid가 부여됩니다.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>참고: %1</translation>
    </message>
</context>
<context>
    <name>PaymentDetailPane</name>
    <message>
        <source>Refunded at</source>
        <translation>환불 시각</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>요청</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>환불…</translation>
    </message>
    <message>
        <source>Receipt…</source>
        <translation>영수증…</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불 내역</translation>
    </message>
    <message>
        <source>Attempts at this terminal</source>
        <translation>이 단말기의 요청 기록</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <source>Choose a payment to see its detail.</source>
        <translation>결제를 고르면 자세한 내용이 나옵니다.</translation>
    </message>
    <message>
        <source>Asking PortOne…</source>
        <translation>포트원에 묻는 중…</translation>
    </message>
    <message>
        <source>The payment could not be read: %1</source>
        <translation>결제를 읽지 못했습니다: %1</translation>
    </message>
    <message>
        <source>PortOne could not be asked (%1): this is the terminal&apos;s last record; refunds made elsewhere may be missing.</source>
        <translation>포트원에 물어보지 못했습니다(%1). 이 단말기의 마지막 기록이며, 다른 곳에서 한 환불은 빠져 있을 수 있습니다.</translation>
    </message>
    <message>
        <source>Made outside this terminal (e.g. a web shop or the console).</source>
        <translation>이 단말기 밖에서 이루어진 결제입니다(예: 웹 쇼핑몰, 관리자 콘솔).</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>환불됨</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>환불 가능</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Installments</source>
        <translation>할부</translation>
    </message>
    <message>
        <source>Approval number</source>
        <translation>승인번호</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>결제 시각</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Transaction ID</source>
        <translation>거래번호</translation>
    </message>
</context>
<context>
    <name>PaymentTable</name>
    <message>
        <source>Time</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>환불액</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>승인번호</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>부분 환불</translation>
    </message>
    <message>
        <source>Refunded in full</source>
        <translation>전액 환불</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>결제 대기</translation>
    </message>
    <message>
        <source>Virtual account</source>
        <translation>가상계좌</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>계좌이체</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>포인트</translation>
    </message>
</context>
<context>
    <name>PaymentWindowDialog</name>
    <message>
        <source>Payment window</source>
        <translation>결제창</translation>
    </message>
    <message>
        <source>Close window (Esc)</source>
        <translation>창 닫기 (Esc)</translation>
    </message>
    <message>
        <source>Card registration window</source>
        <translation>카드 등록창</translation>
    </message>
    <message>
        <source>Opening the window…</source>
        <translation>창을 여는 중…</translation>
    </message>
    <message>
        <source>Close the window?</source>
        <translation>창을 닫을까요?</translation>
    </message>
    <message>
        <source>If the customer is paying now, wait for the window to finish. Close it anyway? The app then checks with PortOne whether anything was paid.</source>
        <translation>고객이 지금 결제 중이면 창이 끝날 때까지 기다려 주세요. 그래도 닫을까요? 닫으면 앱이 포트원에서 결제 여부를 확인합니다.</translation>
    </message>
    <message>
        <source>The customer can register the card in the window.</source>
        <translation>고객이 등록창에서 카드를 등록할 수 있습니다.</translation>
    </message>
    <message>
        <source>The buyer can pay in the window.</source>
        <translation>구매자가 결제창에서 결제할 수 있습니다.</translation>
    </message>
    <message>
        <source>The payment window could not be loaded. Check the connection and try again.</source>
        <translation>결제창을 불러오지 못했습니다. 연결을 확인하고 다시 시도하세요.</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>Credit Card Sales Slip</source>
        <translation>신용카드 매출전표</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드종류</translation>
    </message>
    <message>
        <source>Card no.</source>
        <translation>카드번호</translation>
    </message>
    <message>
        <source>Installment</source>
        <translation>할부</translation>
    </message>
    <message>
        <source>Lump sum</source>
        <translation>일시불</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1개월</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>승인번호</translation>
    </message>
    <message>
        <source>Approved at</source>
        <translation>승인일시</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>거래상태</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Partially cancelled</source>
        <translation>부분취소</translation>
    </message>
    <message>
        <source>Cancelled amount</source>
        <translation>취소금액</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불 내역</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>남은 금액</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>상품명</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>Supply value</source>
        <translation>공급가액</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>부가세</translation>
    </message>
    <message>
        <source>Tax-free</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>가맹점명</translation>
    </message>
    <message>
        <source>Business no.</source>
        <translation>사업자번호</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Transaction ID</source>
        <translation>거래번호</translation>
    </message>
    <message>
        <source>PG TID</source>
        <translation>PG거래번호</translation>
    </message>
    <message>
        <source>PG receipt</source>
        <translation>PG 매출전표</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receipt (card sales slip)</source>
        <translation>영수증 (신용카드 매출전표)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>인쇄…(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>PDF로 저장…(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>닫기(&amp;C)</translation>
    </message>
    <message>
        <source>Receipt preview</source>
        <translation>영수증 미리보기</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>영수증을 PDF로 저장</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 문서 (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF could not be saved</source>
        <translation>PDF를 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>The receipt could not be printed</source>
        <translation>인쇄하지 못했습니다</translation>
    </message>
</context>
<context>
    <name>ReconciliationDialog</name>
    <message>
        <source>Reconciliation with PortOne</source>
        <translation>PortOne 내역 대조</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>대조(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Apply fix</source>
        <translation>수정 적용(&amp;A)</translation>
    </message>
    <message>
        <source>Apply all &amp;imports</source>
        <translation>PortOne 기록 모두 반영(&amp;I)</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>차이</translation>
    </message>
    <message>
        <source>imp_uid</source>
        <translation>imp_uid</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>This terminal</source>
        <translation>이 단말기</translation>
    </message>
    <message>
        <source>PortOne</source>
        <translation>PortOne</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>수정 방법</translation>
    </message>
    <message>
        <source>&amp;From (Korea time)</source>
        <translation>시작(한국 시간)(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>종료(&amp;U)</translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation>종료 시각은 시작 시각보다 뒤여야 합니다.</translation>
    </message>
    <message>
        <source>Reading PortOne&apos;s payments…</source>
        <translation>PortOne의 결제 내역을 읽는 중…</translation>
    </message>
    <message>
        <source>The ledger and PortOne agree.</source>
        <translation>장부와 PortOne의 내역이 일치합니다.</translation>
    </message>
    <message>
        <source>Choose a difference and apply its fix.</source>
        <translation>차이를 선택하고 수정을 적용하세요.</translation>
    </message>
    <message>
        <source>Stopped. Nothing was changed.</source>
        <translation>중지했습니다. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>This terminal: %1 payments. PortOne: %2. Differences: %3.</source>
        <translation>이 단말기: 결제 %1건. PortOne: %2건. 차이: %3건.</translation>
    </message>
    <message>
        <source>Applying the fixes…</source>
        <translation>수정을 적용하는 중…</translation>
    </message>
    <message>
        <source>Applying a fix</source>
        <translation>차이 바로잡기</translation>
    </message>
    <message>
        <source>Applying a fix needs a manager. Ask a manager to sign in and apply it.</source>
        <translation>수정 적용은 매니저만 할 수 있습니다. 매니저에게 로그인해서 적용해 달라고 요청하세요.</translation>
    </message>
    <message>
        <source>Stopped. The fixes applied so far stay.</source>
        <translation>중지했습니다. 지금까지 적용한 수정은 그대로 남습니다.</translation>
    </message>
    <message>
        <source>Applying a fix needs a manager.</source>
        <translation>수정 적용은 매니저만 할 수 있습니다.</translation>
    </message>
    <message>
        <source>PortOne could not be reached. Check the connection and try again.</source>
        <translation>PortOne에 연결할 수 없습니다. 연결을 확인하고 다시 시도하세요.</translation>
    </message>
    <message>
        <source>PortOne refused: %1</source>
        <translation>PortOne이 거절했습니다: %1</translation>
    </message>
    <message>
        <source>Something went wrong (%1). Nothing was refunded or charged.</source>
        <translation>문제가 생겼습니다(%1). 환불이나 결제는 일어나지 않았습니다.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>중지하는 중…</translation>
    </message>
</context>
<context>
    <name>ReconciliationText</name>
    <message>
        <source>Not in this terminal&apos;s ledger</source>
        <translation>이 단말기 장부에 없음</translation>
    </message>
    <message>
        <source>Unknown to PortOne</source>
        <translation>PortOne에 없음</translation>
    </message>
    <message>
        <source>Different status</source>
        <translation>상태가 다름</translation>
    </message>
    <message>
        <source>Different amount</source>
        <translation>금액이 다름</translation>
    </message>
    <message>
        <source>Take PortOne&apos;s record</source>
        <translation>PortOne의 기록으로 반영</translation>
    </message>
    <message>
        <source>Look it up at PortOne (a person decides if it is unknown)</source>
        <translation>PortOne에서 다시 조회 (없으면 담당자가 확인)</translation>
    </message>
    <message>
        <source>(refunded %1)</source>
        <translation>(환불 %1)</translation>
    </message>
    <message>
        <source>Imported %1, corrected %2.</source>
        <translation>새로 가져옴 %1건, 수정함 %2건.</translation>
    </message>
    <message>
        <source>PortOne does not know %1: a person must look into it.</source>
        <translation>PortOne에 없는 결제 %1건: 담당자가 확인해야 합니다.</translation>
    </message>
</context>
<context>
    <name>RecoveryNotice</name>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>%1 payment(s) from the last session had no confirmed result:</source>
        <translation>지난 실행에서 결과를 확인하지 못한 결제 %1건:</translation>
    </message>
    <message>
        <source>Still checking; this clears when done.</source>
        <translation>아직 확인 중입니다. 확인이 끝나면 닫을 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>환불…(&amp;R)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Tax-free part left</source>
        <translation>남은 면세 금액</translation>
    </message>
    <message>
        <source>&amp;Full refund of the balance</source>
        <translation>잔액 전액 환불(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Partial refund</source>
        <translation>부분 환불(&amp;P)</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>환불 금액</translation>
    </message>
    <message>
        <source>Tax-free part of the refund</source>
        <translation>환불 금액 중 면세 금액</translation>
    </message>
    <message>
        <source>Reason for the refund</source>
        <translation>환불 사유</translation>
    </message>
    <message>
        <source>Required, e.g. the customer cancelled</source>
        <translation>필수, 예: 고객 주문 취소</translation>
    </message>
    <message>
        <source>Tax-free part</source>
        <translation>면세 금액</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>결제 금액</translation>
    </message>
    <message>
        <source>Already refunded</source>
        <translation>환불된 금액</translation>
    </message>
    <message>
        <source>Refundable balance</source>
        <translation>환불 가능 잔액</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Show and print the &amp;receipt…</source>
        <translation>영수증 보기·인쇄…(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Back to the form</source>
        <translation>입력 화면으로(&amp;B)</translation>
    </message>
    <message>
        <source>Reading the payment…</source>
        <translation>결제 정보를 읽는 중…</translation>
    </message>
    <message>
        <source>The payment could not be read from PortOne (%1). Close and try again.</source>
        <translation>PortOne에서 결제 정보를 읽지 못했습니다(%1). 닫고 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Refund %1</source>
        <translation>%1 환불</translation>
    </message>
    <message>
        <source>Type the amount to refund in won (at least 1), in digits.</source>
        <translation>환불할 금액을 원 단위 숫자로 입력해 주세요 (1원 이상).</translation>
    </message>
    <message>
        <source>The refund cannot be more than the refundable balance (%1).</source>
        <translation>환불 금액은 환불 가능 잔액(%1)을 넘을 수 없습니다.</translation>
    </message>
    <message>
        <source>Approve a refund of %1</source>
        <translation>%1 환불 승인</translation>
    </message>
    <message>
        <source>Not approved: nothing was refunded.</source>
        <translation>승인되지 않아 환불하지 않았습니다.</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>환불 중…</translation>
    </message>
    <message>
        <source>The refund of %1 is on its way to PortOne.</source>
        <translation>%1 환불 요청을 PortOne에 보내는 중입니다.</translation>
    </message>
    <message>
        <source>Only a manager may refund. Nothing was refunded.</source>
        <translation>환불은 매니저만 할 수 있습니다. 환불하지 않았습니다.</translation>
    </message>
    <message>
        <source>Nothing was refunded: %1</source>
        <translation>환불하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Not refunded</source>
        <translation>환불 안 됨</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>환불됨</translation>
    </message>
    <message>
        <source>Refund refused</source>
        <translation>환불 거절</translation>
    </message>
    <message>
        <source>Being checked</source>
        <translation>확인 중</translation>
    </message>
    <message>
        <source>Refund %1 of the refundable balance %2?</source>
        <translation>환불 가능 잔액 %2 중 %1을 환불할까요?</translation>
    </message>
    <message>
        <source>Left to refund afterwards: %1</source>
        <translation>환불 후 남는 잔액: %1</translation>
    </message>
    <message>
        <source>Tax-free part: %1</source>
        <translation>면세 금액: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>사유: %1</translation>
    </message>
    <message>
        <source>A manager approves this refund next.</source>
        <translation>다음 단계에서 매니저가 이 환불을 승인합니다.</translation>
    </message>
    <message>
        <source>A refund cannot be undone.</source>
        <translation>환불은 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>%1 was refunded.</source>
        <translation>%1이 환불되었습니다.</translation>
    </message>
    <message>
        <source>Refunded in all: %1 · left to refund: %2</source>
        <translation>총 환불: %1 · 환불 가능 잔액: %2</translation>
    </message>
    <message>
        <source>PortOne&apos;s refund history cannot tell whether this refund was made. Check the payment&apos;s refund history on PortOne before refunding it again; the refundable balance shown next is PortOne&apos;s own.</source>
        <translation>PortOne의 환불 내역으로는 이 환불이 처리되었는지 알 수 없습니다. 다시 환불하기 전에 PortOne에서 이 결제의 환불 내역을 확인하세요. 다음에 표시되는 환불 가능 잔액은 PortOne의 잔액입니다.</translation>
    </message>
    <message>
        <source>PortOne shows no such refund of this payment: nothing was refunded.</source>
        <translation>PortOne에 이 결제의 해당 환불 기록이 없습니다. 환불되지 않았습니다.</translation>
    </message>
    <message>
        <source>The answer to the refund of %1 did not arrive. It is being checked with PortOne; do not refund again. You may close this window: opening the refund of this payment again checks it, and so does the next start.</source>
        <translation>%1 환불 요청의 응답을 받지 못했습니다. PortOne에서 결과를 확인하는 중이니 다시 환불하지 마세요. 이 창을 닫아도 됩니다. 이 결제의 환불 창을 다시 열거나 앱을 다시 시작하면 다시 확인합니다.</translation>
    </message>
</context>
<context>
    <name>RefundRefusal</name>
    <message>
        <source>The refund is more than what is left to refund of this payment. Enter at most the refundable balance.</source>
        <translation>환불 금액이 이 결제의 환불 가능 잔액보다 큽니다. 환불 가능 잔액 이하로 입력하세요.</translation>
    </message>
    <message>
        <source>This payment has already been refunded in full. Nothing was refunded.</source>
        <translation>이미 전액 환불된 결제입니다. 환불하지 않았습니다.</translation>
    </message>
    <message>
        <source>The refundable balance changed since it was shown (another refund was made). Nothing was refunded: look at the payment again before refunding.</source>
        <translation>화면에 표시된 뒤 환불 가능 잔액이 바뀌었습니다(다른 환불이 있었습니다). 환불하지 않았습니다. 결제를 다시 확인한 뒤 환불하세요.</translation>
    </message>
    <message>
        <source>Only a paid payment can be refunded. Nothing was refunded.</source>
        <translation>결제 완료된 건만 환불할 수 있습니다. 환불하지 않았습니다.</translation>
    </message>
    <message>
        <source>An earlier refund of this payment is still being checked. Wait until its result is known; do not refund again meanwhile.</source>
        <translation>이 결제의 이전 환불 결과를 아직 확인하고 있습니다. 결과가 나올 때까지 기다리고, 그동안 다시 환불하지 마세요.</translation>
    </message>
    <message>
        <source>PortOne has no payment to refund under this ID. Nothing was refunded.</source>
        <translation>PortOne에 이 번호로 환불할 결제가 없습니다. 환불하지 않았습니다.</translation>
    </message>
    <message>
        <source>The card company allows no more partial refunds of this payment. Contact the payment gateway.</source>
        <translation>카드사에서 이 결제의 부분 환불을 더 이상 허용하지 않습니다. PG사에 문의하세요.</translation>
    </message>
    <message>
        <source>This payment was partly refunded, so the card company takes only partial refunds of it now. Refund the remaining balance as a partial refund.</source>
        <translation>부분 환불된 결제라 카드사에서 부분 환불만 받습니다. 남은 잔액을 부분 환불로 환불하세요.</translation>
    </message>
    <message>
        <source>The refund was refused: %1</source>
        <translation>환불이 거절되었습니다: %1</translation>
    </message>
    <message>
        <source>The refund was refused (no reason given).</source>
        <translation>환불이 거절되었습니다(사유 없음).</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>건수</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>총매출</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>순매출</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>부가세</translation>
    </message>
    <message>
        <source>Tax-free</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Card issuer</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Pay method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>By issuer</source>
        <translation>카드사별</translation>
    </message>
    <message>
        <source>By pay method</source>
        <translation>결제수단별</translation>
    </message>
    <message>
        <source>By operator</source>
        <translation>운영자별</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>시간대별</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>(기록 없음)</translation>
    </message>
    <message>
        <source>(made elsewhere)</source>
        <translation>(다른 곳에서 결제)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>계좌이체</translation>
    </message>
    <message>
        <source>Virtual account</source>
        <translation>가상계좌</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>포인트</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>Reports</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>일별</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>주별</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>월별</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>조회(&amp;S)</translation>
    </message>
    <message>
        <source>Card issuer</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Pay method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>By issuer</source>
        <translation>카드사별</translation>
    </message>
    <message>
        <source>By pay method</source>
        <translation>결제수단별</translation>
    </message>
    <message>
        <source>By operator</source>
        <translation>운영자별</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>시간대별</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>CSV 내보내기(&amp;C)…</translation>
    </message>
    <message>
        <source>Export &amp;XLSX…</source>
        <translation>XLSX 내보내기(&amp;X)…</translation>
    </message>
    <message>
        <source>Close &amp;day (마감)…</source>
        <translation>마감(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Print close slip…</source>
        <translation>마감 정산서 인쇄(&amp;P)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>건수</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>총매출</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>순매출</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>기간:</translation>
    </message>
    <message>
        <source>Reading the ledger…</source>
        <translation>거래 내역을 읽는 중…</translation>
    </message>
    <message>
        <source>The report could not be read: %1</source>
        <translation>보고서를 읽지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Gross by hour</source>
        <translation>시간대별 총매출</translation>
    </message>
    <message>
        <source>Hour (Korea time)</source>
        <translation>시 (한국 시간)</translation>
    </message>
    <message>
        <source>Gross by issuer</source>
        <translation>카드사별 총매출</translation>
    </message>
    <message>
        <source>Amount (₩)</source>
        <translation>금액 (원)</translation>
    </message>
    <message>
        <source>A day can be closed from its own report.</source>
        <translation>마감은 일별 보고서에서 할 수 있습니다.</translation>
    </message>
    <message>
        <source>This day is not closed.</source>
        <translation>이 날은 마감되지 않았습니다.</translation>
    </message>
    <message>
        <source>Closed by %1 at %2.</source>
        <translation>%1님이 %2에 마감했습니다.</translation>
    </message>
    <message>
        <source>Changed since the close (adjustments): %1</source>
        <translation>마감 후 변경(조정): %1</translation>
    </message>
    <message>
        <source>No change since the close.</source>
        <translation>마감 후 변경이 없습니다.</translation>
    </message>
    <message>
        <source>%1 needs a manager. Ask a manager to sign in.</source>
        <translation>%1에는 매니저 권한이 필요합니다. 매니저에게 로그인을 요청하세요.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>엑셀 통합 문서 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting a report</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message>
        <source>The report could not be written: %1</source>
        <translation>보고서를 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>보고서를 %1에 저장했습니다</translation>
    </message>
    <message>
        <source>This day was already closed by %1.</source>
        <translation>이 날은 이미 %1님이 마감했습니다.</translation>
    </message>
    <message>
        <source>Closing the day</source>
        <translation>마감</translation>
    </message>
    <message>
        <source>Close %1? Its totals are frozen now; later changes show as adjustments.</source>
        <translation>%1 마감을 진행할까요? 지금의 합계가 확정되며, 이후 변경은 조정으로 표시됩니다.</translation>
    </message>
    <message>
        <source>%1 (and the other exports while Reports is open)</source>
        <translation>%1 (보고서 창이 열려 있는 동안의 다른 내보내기 포함)</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>마감</translation>
    </message>
    <message>
        <source>A day that has not begun cannot be closed.</source>
        <translation>아직 시작되지 않은 날은 마감할 수 없습니다.</translation>
    </message>
    <message>
        <source>The day could not be closed: %1</source>
        <translation>마감하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Close slip</source>
        <translation>마감 정산서</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>Reschedule a failed charge</source>
        <translation>실패한 예약결제 다시 예약</translation>
    </message>
    <message>
        <source>Book “%1” again at a new time (Korea time):</source>
        <translation>“%1”을(를) 새 시각으로 다시 예약합니다 (한국 시간):</translation>
    </message>
    <message>
        <source>New time (Korea time)</source>
        <translation>새 예약 시각 (한국 시간)</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>다시 예약</translation>
    </message>
    <message>
        <source>The time must be in the future.</source>
        <translation>현재 이후의 시각을 선택하세요.</translation>
    </message>
</context>
<context>
    <name>SaveCardDialog</name>
    <message>
        <source>Replace the saved card</source>
        <translation>저장된 카드 교체</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>고객 추가</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Save card</source>
        <translation>카드 등록</translation>
    </message>
    <message>
        <source>Delete the old card again</source>
        <translation>기존 카드 다시 삭제</translation>
    </message>
    <message>
        <source>Current card: %1. It is deleted at PortOne once the new card is saved.</source>
        <translation>현재 카드: %1. 새 카드가 등록되면 포트원에서 삭제됩니다.</translation>
    </message>
    <message>
        <source>This card has %1 booked scheduled charge(s). Revoke them in the customer&apos;s file first: after a replacement they would fail.</source>
        <translation>이 카드에 예약 결제가 %1건 있습니다. 먼저 고객 정보에서 예약을 취소하세요. 카드를 교체하면 예약 결제가 실패합니다.</translation>
    </message>
    <message>
        <source>To save, complete: %1</source>
        <translation>등록하려면 입력해 주세요: %1</translation>
    </message>
    <message>
        <source>Replace the saved card (the old card is deleted at PortOne)</source>
        <translation>저장된 카드를 교체합니다 (기존 카드는 포트원에서 삭제)</translation>
    </message>
    <message>
        <source>Register this card for repeat charges (nothing is charged)</source>
        <translation>이 카드를 다음 결제용으로 등록합니다 (결제 없음)</translation>
    </message>
    <message>
        <source>Registering the card…</source>
        <translation>카드 등록 중…</translation>
    </message>
    <message>
        <source>Deleting the old card at PortOne…</source>
        <translation>포트원에서 기존 카드를 삭제하는 중…</translation>
    </message>
    <message>
        <source>The old card was deleted at PortOne.</source>
        <translation>기존 카드를 포트원에서 삭제했습니다.</translation>
    </message>
    <message>
        <source>it has %1 booked schedule(s); revoke them, then delete it</source>
        <translation>예약 결제 %1건이 있습니다. 예약을 취소한 뒤 삭제하세요</translation>
    </message>
    <message>
        <source>The new card is saved, but the old card was not deleted (%1).</source>
        <translation>새 카드는 등록되었지만 기존 카드는 삭제되지 않았습니다 (%1).</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Schedule charges</source>
        <translation>결제 예약</translation>
    </message>
    <message>
        <source>&amp;First charge (Korea time)</source>
        <translation>첫 결제 일시 (한국 시간)</translation>
    </message>
    <message>
        <source>&amp;Monthly charges (1 = once)</source>
        <translation>매월 결제 횟수 (1 = 한 번)</translation>
    </message>
    <message>
        <source>Book…</source>
        <translation>예약…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Enter the amount and the order to see the charges.</source>
        <translation>금액과 주문 정보를 입력하면 결제 일정이 표시됩니다.</translation>
    </message>
    <message>
        <source>The first charge must be in the future.</source>
        <translation>첫 결제 일시는 현재 이후여야 합니다.</translation>
    </message>
    <message>
        <source>%1 charge(s): %2. Total %3.</source>
        <translation>%1회 결제: %2. 합계 %3.</translation>
    </message>
    <message>
        <source>Book %1 charge(s) of this saved card: %2</source>
        <translation>이 카드로 %1회 결제를 예약합니다: %2</translation>
    </message>
    <message>
        <source>tax-free %1</source>
        <translation>면세 %1</translation>
    </message>
    <message>
        <source>Confirm the schedule</source>
        <translation>결제 예약 확인</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>예약</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>예약하는 중…</translation>
    </message>
    <message>
        <source>Not booked: %1</source>
        <translation>예약되지 않았습니다: %1</translation>
    </message>
    <message>
        <source>The answer was lost. Do not book again: the booking is being checked with PortOne and the list shows how it ends.</source>
        <translation>응답을 받지 못했습니다. 다시 예약하지 마세요. 포트원에서 예약 여부를 확인 중이며, 결과는 목록에 표시됩니다.</translation>
    </message>
    <message>
        <source>%1 charge(s) booked.</source>
        <translation>%1건의 결제를 예약했습니다.</translation>
    </message>
    <message>
        <source>Not booked (%1).</source>
        <translation>예약되지 않았습니다 (%1).</translation>
    </message>
    <message>
        <source>The booking may have reached PortOne (%1). Do not book again: it is being checked with PortOne and the list shows how it ends.</source>
        <translation>예약이 포트원에 전달되었을 수 있습니다 (%1). 다시 예약하지 마세요. 포트원에서 예약 여부를 확인 중이며, 결과는 목록에 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>SchedulesSection</name>
    <message>
        <source>Scheduled charges</source>
        <translation>예약결제</translation>
    </message>
    <message>
        <source>When</source>
        <translation>예약 일시</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>&amp;Schedule charge…</source>
        <translation>결제 예약…(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>예약 취소…(&amp;V)</translation>
    </message>
    <message>
        <source>Revoke the selected pending charge (Delete)</source>
        <translation>선택한 대기 중 예약결제를 취소합니다 (Delete)</translation>
    </message>
    <message>
        <source>&amp;Retry now…</source>
        <translation>지금 재결제…(&amp;R)</translation>
    </message>
    <message>
        <source>Resc&amp;hedule…</source>
        <translation>다시 예약…(&amp;H)</translation>
    </message>
    <message>
        <source>Scheduled charges could not be read (%1).</source>
        <translation>예약결제를 불러오지 못했습니다 (%1).</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>재결제함</translation>
    </message>
    <message>
        <source>PortOne could not be asked (%1); the app&apos;s own bookings are shown.</source>
        <translation>포트원에 확인하지 못했습니다 (%1). 이 단말기에서 예약한 건만 표시합니다.</translation>
    </message>
    <message>
        <source>No scheduled charges.</source>
        <translation>예약된 결제가 없습니다.</translation>
    </message>
    <message>
        <source>Revoke a scheduled charge</source>
        <translation>예약결제 취소</translation>
    </message>
    <message>
        <source>Revoke the charge of %1 booked for %2? It will not run.</source>
        <translation>%2에 예약된 %1 결제를 취소할까요? 취소하면 결제되지 않습니다.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>예약 취소</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>유지</translation>
    </message>
    <message>
        <source>Revoking a scheduled charge</source>
        <translation>예약 결제 취소</translation>
    </message>
    <message>
        <source>Not revoked: revoking needs a manager.</source>
        <translation>취소하지 않았습니다: 예약 결제 취소는 매니저가 승인해야 합니다.</translation>
    </message>
    <message>
        <source>The scheduled charge was revoked.</source>
        <translation>예약결제를 취소했습니다.</translation>
    </message>
    <message>
        <source>Nothing was revoked: the charge had already run or been revoked.</source>
        <translation>취소된 건이 없습니다. 이미 결제되었거나 취소된 예약입니다.</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>예약 취소 중…</translation>
    </message>
    <message>
        <source>Not revoked (%1). Try again.</source>
        <translation>예약을 취소하지 못했습니다 (%1). 다시 시도하세요.</translation>
    </message>
    <message>
        <source>The last charge of this card could not be checked. Do not charge it again now: restart the app to settle it first.</source>
        <translation>이 카드의 마지막 결제 결과를 확인하지 못했습니다. 지금 다시 결제하지 마시고, 먼저 프로그램을 다시 시작해 결과를 확인하세요.</translation>
    </message>
    <message>
        <source>Rescheduled: %1.</source>
        <translation>다시 예약함: %1.</translation>
    </message>
    <message>
        <source>Rescheduling…</source>
        <translation>다시 예약하는 중…</translation>
    </message>
    <message>
        <source>Not rescheduled: this failed charge was already retried (charge %1). Booking it again could charge the customer twice.</source>
        <translation>다시 예약하지 않았습니다. 이 실패한 결제는 이미 재결제되었습니다(결제 %1). 다시 예약하면 고객에게 두 번 청구될 수 있습니다.</translation>
    </message>
    <message>
        <source>Not rescheduled: this charge is no longer a failed one (the list is updated).</source>
        <translation>다시 예약하지 않았습니다. 이 결제는 더 이상 실패 건이 아닙니다(목록을 새로 고칩니다).</translation>
    </message>
    <message>
        <source>Not rescheduled (%1).</source>
        <translation>다시 예약하지 못했습니다 (%1).</translation>
    </message>
    <message>
        <source>A retry of a failed scheduled charge is still being checked.</source>
        <translation>실패한 예약결제의 재결제 결과를 아직 확인하고 있습니다.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Saving changes here needs an administrator, who enters their PIN.</source>
        <translation>여기서 바꾼 내용을 저장하려면 관리자가 PIN을 입력해야 합니다.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Training (sandbox)</source>
        <translation>연습 모드 (SANDBOX)</translation>
    </message>
    <message>
        <source>Live payments</source>
        <translation>실제 결제 (LIVE)</translation>
    </message>
    <message>
        <source>Profile and language changes apply after a restart.</source>
        <translation>프로필과 언어 변경은 프로그램을 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>Checking the keychain…</source>
        <translation>키체인 확인 중…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Remove saved key</source>
        <translation>저장된 키 삭제</translation>
    </message>
    <message>
        <source>The first two digits of the card PIN are required (pwd_2digit)</source>
        <translation>카드 비밀번호 앞 2자리 필수 입력 (pwd_2digit)</translation>
    </message>
    <message>
        <source>Hide the window from screenshots and screen sharing</source>
        <translation>화면 캡처·화면 공유에서 창 숨기기</translation>
    </message>
    <message>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>잠그지 않음</translation>
    </message>
    <message>
        <source>Works on Windows 10 (2004) and later.</source>
        <translation>Windows 10 (2004) 이상에서 동작합니다.</translation>
    </message>
    <message>
        <source>Works on Windows only; it has no effect on this computer.</source>
        <translation>Windows에서만 동작하며, 이 컴퓨터에서는 효과가 없습니다.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Run first-time setup again…</source>
        <translation>처음 설정 다시 실행…</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>운영 모드</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>프로필</translation>
    </message>
    <message>
        <source>PortOne API key (live payments)</source>
        <translation>PortOne API 키 (실제 결제용)</translation>
    </message>
    <message>
        <source>REST API key (imp_key)</source>
        <translation>REST API 키 (imp_key)</translation>
    </message>
    <message>
        <source>REST API secret (imp_secret)</source>
        <translation>REST API 시크릿 (imp_secret)</translation>
    </message>
    <message>
        <source>Payment gateway</source>
        <translation>PG (결제대행사)</translation>
    </message>
    <message>
        <source>PG value</source>
        <translation>PG 값</translation>
    </message>
    <message>
        <source>kcp, or kcp.{site_cd} for a specific KCP site.</source>
        <translation>kcp, 또는 특정 KCP 사이트는 kcp.{site_cd} 형식으로 입력합니다.</translation>
    </message>
    <message>
        <source>Merchant code (payment window)</source>
        <translation>가맹점 식별코드 (결제창)</translation>
    </message>
    <message>
        <source>The merchant code (가맹점 식별코드) in PortOne&apos;s console; the live window needs it.</source>
        <translation>포트원 관리자 콘솔의 가맹점 식별코드입니다. 실결제 결제창에 필요합니다.</translation>
    </message>
    <message>
        <source>KCP site code for gift certificates</source>
        <translation>상품권용 KCP 사이트 코드</translation>
    </message>
    <message>
        <source>Leave empty if the shop does not take gift certificates.</source>
        <translation>상품권 결제를 받지 않으면 비워 두세요.</translation>
    </message>
    <message>
        <source>Merchant (printed on receipts)</source>
        <translation>가맹점 정보 (영수증에 인쇄)</translation>
    </message>
    <message>
        <source>Merchant name</source>
        <translation>상호</translation>
    </message>
    <message>
        <source>Business registration number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Display and privacy</source>
        <translation>화면 및 보안</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>자동 잠금(사용하지 않은 시간)</translation>
    </message>
    <message>
        <source>No keychain on this computer: the API key cannot be saved, so live payments are not available and the app runs in training mode.</source>
        <translation>이 컴퓨터에는 키체인이 없습니다: API 키를 저장할 수 없으므로 실제 결제를 사용할 수 없고 연습 모드로 실행됩니다.</translation>
    </message>
    <message>
        <source>The key and secret are kept in: %1</source>
        <translation>API 키와 시크릿 저장 위치: %1</translation>
    </message>
    <message>
        <source>Saved — type to replace</source>
        <translation>저장됨 — 바꾸려면 새로 입력</translation>
    </message>
    <message>
        <source>Changing the settings</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <source>The saved API key was removed.</source>
        <translation>저장된 API 키를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Enter kcp or kcp.{site_cd} (letters and digits only).</source>
        <translation>kcp 또는 kcp.{site_cd} 형식으로 입력하세요 (영문과 숫자만).</translation>
    </message>
    <message>
        <source>Enter imp followed by 8 digits, as PortOne&apos;s console shows it.</source>
        <translation>포트원 콘솔에 나온 대로 imp와 숫자 8자리를 입력하세요.</translation>
    </message>
    <message>
        <source>Enter the KCP site code (letters and digits only).</source>
        <translation>KCP 사이트 코드를 입력하세요 (영문과 숫자만).</translation>
    </message>
    <message>
        <source>Enter the 10-digit business registration number; the check digit fails.</source>
        <translation>사업자등록번호 10자리를 확인하세요: 검증 숫자가 맞지 않습니다.</translation>
    </message>
    <message>
        <source>Enter the shop&apos;s phone number, e.g. 02-123-4567 or 010-1234-5678.</source>
        <translation>상점 전화번호를 입력하세요. 예: 02-123-4567 또는 010-1234-5678.</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>올바른 값이 아닙니다.</translation>
    </message>
    <message>
        <source>Enter the REST API key that goes with the secret.</source>
        <translation>시크릿과 짝이 되는 REST API 키를 입력하세요.</translation>
    </message>
    <message>
        <source>Enter the secret of this REST API key.</source>
        <translation>이 REST API 키의 시크릿을 입력하세요.</translation>
    </message>
    <message>
        <source>Not saved: correct the marked fields.</source>
        <translation>저장하지 않았습니다: 표시된 항목을 고쳐 주세요.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장 중…</translation>
    </message>
    <message>
        <source>Settings saved, but the API key was not: %1</source>
        <translation>설정은 저장했지만 API 키는 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
    <message>
        <source>only an administrator may change the settings or the API key.</source>
        <translation>설정과 API 키는 관리자만 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>The training server is not running; it starts when the app starts in training mode.</source>
        <translation>연습 서버가 실행 중이 아닙니다. 연습 모드로 프로그램을 시작하면 함께 시작됩니다.</translation>
    </message>
    <message>
        <source>Enter the REST API key and secret first.</source>
        <translation>먼저 REST API 키와 시크릿을 입력하세요.</translation>
    </message>
    <message>
        <source>Connected: %1 issued an access token.</source>
        <translation>연결 성공: %1에서 액세스 토큰을 발급받았습니다.</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>연결 실패: %1</translation>
    </message>
</context>
<context>
    <name>SettlementText</name>
    <message>
        <source>Paid after all: this order was settled as not paid, and PortOne now reports it paid (%1). It is recorded as a late approval; refund it or keep it.</source>
        <translation>뒤늦게 결제됨: 미결제로 처리했던 주문을 포트원이 이제 결제 완료로 알려 왔습니다 (%1). 지연 승인으로 기록했습니다. 환불할지 유지할지 정하세요.</translation>
    </message>
    <message>
        <source>Paid: %1 (%2).</source>
        <translation>결제 완료: %1 (%2).</translation>
    </message>
    <message>
        <source>ALERT: a payment of another amount was made for this order. It is not counted as paid and has been recorded; a manager must check it (%1).</source>
        <translation>경고: 이 주문에 다른 금액으로 결제되었습니다. 결제 완료로 처리하지 않고 기록했습니다. 관리자가 확인해야 합니다 (%1).</translation>
    </message>
    <message>
        <source>Awaiting deposit of %1: %2 %3, holder %4, by %5.</source>
        <translation>입금 대기 %1: %2 %3, 예금주 %4, %5까지.</translation>
    </message>
    <message>
        <source>Not paid: %1</source>
        <translation>결제되지 않음: %1</translation>
    </message>
    <message>
        <source>No payment confirmed yet. The app keeps checking (about 5 minutes at most); do not take the money another way until this says paid or not paid.</source>
        <translation>아직 확인된 결제가 없습니다. 앱이 계속 확인하고 있습니다(최대 약 5분). 결제 완료 또는 미결제로 표시될 때까지 다른 방법으로 결제받지 마세요.</translation>
    </message>
    <message>
        <source>the window was closed and nothing was paid in it.</source>
        <translation>결제창이 닫혔고 결제된 것이 없습니다.</translation>
    </message>
    <message>
        <source>the virtual account expired without a deposit.</source>
        <translation>입금 없이 가상계좌 기한이 지났습니다.</translation>
    </message>
    <message>
        <source>PortOne has no payment for this order.</source>
        <translation>포트원에 이 주문의 결제가 없습니다.</translation>
    </message>
    <message>
        <source>the window was not opened.</source>
        <translation>결제창이 열리지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>Your shop</source>
        <translation>상점 정보</translation>
    </message>
    <message>
        <source>Printed on every receipt. You can change these later in Settings.</source>
        <translation>모든 영수증에 인쇄됩니다. 나중에 설정에서 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>상호</translation>
    </message>
    <message>
        <source>Business registration number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
</context>
<context>
    <name>StatusLook</name>
    <message>
        <source>Approved</source>
        <translation>승인됨</translation>
    </message>
    <message>
        <source>Not charged</source>
        <translation>실패 (결제 안 됨)</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>보내지 않음</translation>
    </message>
    <message>
        <source>Not found (not charged for now)</source>
        <translation>내역 없음 (현재 미결제로 처리)</translation>
    </message>
    <message>
        <source>Still checking</source>
        <translation>아직 확인 중</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>부분 환불</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>환불됨</translation>
    </message>
    <message>
        <source>Not refunded</source>
        <translation>환불 안 됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>결제 대기</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>결제 대기</translation>
    </message>
    <message>
        <source>Executed (paid)</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>예약 취소됨</translation>
    </message>
    <message>
        <source>Checking the booking</source>
        <translation>예약 확인 중</translation>
    </message>
    <message>
        <source>Not booked</source>
        <translation>예약 안 됨</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Ready</source>
        <translation>준비 완료</translation>
    </message>
    <message>
        <source>Check what will be saved, then press Finish.</source>
        <translation>저장될 내용을 확인하고 마침을 누르세요.</translation>
    </message>
</context>
<context>
    <name>TerminalController</name>
    <message>
        <source>A payment request is being sent. If you close now, its result is checked when kcp-pos starts again. Do not charge the card again elsewhere.</source>
        <translation>결제 요청을 보내는 중입니다. 지금 닫으면 결과는 kcp-pos를 다시 시작할 때 확인합니다. 다른 곳에서 이 카드로 다시 결제하지 마세요.</translation>
    </message>
    <message>
        <source>A payment&apos;s result is still being checked. If you close now, it is checked again when kcp-pos starts. Do not charge the card again elsewhere.</source>
        <translation>결제 결과를 아직 확인하고 있습니다. 지금 닫으면 kcp-pos를 다시 시작할 때 다시 확인합니다. 다른 곳에서 이 카드로 다시 결제하지 마세요.</translation>
    </message>
    <message>
        <source>Register this card for repeat charges (nothing is charged)</source>
        <translation>이 카드를 다음 결제용으로 등록합니다 (결제 없음)</translation>
    </message>
    <message>
        <source>tax-free %1</source>
        <translation>면세 %1</translation>
    </message>
    <message>
        <source>The same amount, card and buyer were charged %1 minute(s) ago. Charge again anyway?</source>
        <translation>같은 금액·카드·구매자로 %1분 전에 결제되었습니다. 그래도 진행할까요?</translation>
    </message>
    <message>
        <source>Charge this card and save it for repeat charges</source>
        <translation>이 카드로 결제하고 다음 결제를 위해 저장합니다</translation>
    </message>
    <message>
        <source>Nothing was sent. Key in the card again to continue.</source>
        <translation>아무것도 전송되지 않았습니다. 계속하려면 카드 정보를 다시 입력하세요.</translation>
    </message>
    <message>
        <source>Charge this card</source>
        <translation>이 카드로 결제합니다</translation>
    </message>
    <message>
        <source>Registering the card…</source>
        <translation>카드 등록 중…</translation>
    </message>
    <message>
        <source>Charging…</source>
        <translation>결제 중…</translation>
    </message>
</context>
<context>
    <name>TerminalPage</name>
    <message>
        <source>Terminal</source>
        <translation>단말기</translation>
    </message>
    <message>
        <source>Starting the training server…</source>
        <translation>연습 서버 시작 중…</translation>
    </message>
    <message>
        <source>Today (%1) is closed. Payments taken now are shown on the close slip as adjustments.</source>
        <translation>오늘(%1)은 마감되었습니다. 지금 받는 결제는 마감 정산서에 마감 뒤 조정으로 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>TextViewer</name>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>TransactionsPage</name>
    <message>
        <source>Transactions</source>
        <translation>거래 내역</translation>
    </message>
    <message>
        <source>What is shown</source>
        <translation>표시 내역</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>결제 목록</translation>
    </message>
    <message>
        <source>PortOne&apos;s own list could not be read (%1): showing this terminal&apos;s record.</source>
        <translation>포트원의 결제 목록을 읽지 못했습니다(%1). 이 단말기의 기록을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>No payment matches these filters.</source>
        <translation>이 조건에 맞는 결제가 없습니다.</translation>
    </message>
    <message>
        <source>%1 rows loaded; scroll for more.</source>
        <translation>%1행을 불러왔습니다. 더 보려면 스크롤하세요.</translation>
    </message>
    <message>
        <source>%1 payments, %2 (refunded %3)</source>
        <translation>%1건, %2 (환불 %3)</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>집계 중…</translation>
    </message>
    <message>
        <source>The payments could not be read (%1).</source>
        <translation>결제 내역을 읽지 못했습니다 (%1).</translation>
    </message>
</context>
<context>
    <name>WindowCardDialog</name>
    <message>
        <source>Register a card in the card window</source>
        <translation>카드 등록창에서 카드 등록</translation>
    </message>
    <message>
        <source>Open the card window</source>
        <translation>카드 등록창 열기</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>결제창 언어</translation>
    </message>
    <message>
        <source>The customer types the card in the window; the app never sees it.</source>
        <translation>고객이 등록창에 카드를 직접 입력합니다. 앱은 카드 정보를 보지 않습니다.</translation>
    </message>
    <message>
        <source>Set the merchant code (imp…) in Settings to open the live card window.</source>
        <translation>실결제 카드 등록창을 열려면 설정에서 가맹점 식별코드(imp…)를 입력하세요.</translation>
    </message>
    <message>
        <source>Card registration</source>
        <translation>카드 등록</translation>
    </message>
    <message>
        <source>The card window was not opened: %1</source>
        <translation>카드 등록창을 열지 못했습니다: %1</translation>
    </message>
    <message>
        <source>The card window is open.</source>
        <translation>카드 등록창이 열려 있습니다.</translation>
    </message>
    <message>
        <source>Checking the card with PortOne…</source>
        <translation>포트원에서 카드 등록을 확인하는 중…</translation>
    </message>
    <message>
        <source>The card is registered.</source>
        <translation>카드가 등록되었습니다.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>No card registered yet; the app keeps checking.</source>
        <translation>아직 등록된 카드가 없습니다. 계속 확인합니다.</translation>
    </message>
    <message>
        <source>The window said: %1</source>
        <translation>등록창 메시지: %1</translation>
    </message>
    <message>
        <source>The card was not registered. You can try again.</source>
        <translation>카드가 등록되지 않았습니다. 다시 시도할 수 있습니다.</translation>
    </message>
</context>
</TS>
